from typing import Optional

from sqlalchemy import JSON, Column, Index
from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import Field, SQLModel


class Hero(SQLModel, table=True):
    __tablename__ = "heroes"
    __table_args__ = (Index("ix_heroes_powers", "powers", postgresql_using="gin"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    powers: dict = Field(default_factory=dict, sa_column=Column(JSONB))
    history: dict = Field(default_factory=dict, sa_column=Column(JSON))  # want `column heroes.history is json`
