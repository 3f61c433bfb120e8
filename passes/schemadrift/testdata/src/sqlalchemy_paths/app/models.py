from sqlalchemy import Column, Index, Integer, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class Event(Base):
    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_data", "data", postgresql_using="gin"),
        Index("ix_events_city", text("(data #>> '{geo,city}')")),
    )

    id = Column(Integer, primary_key=True)
    data = Column(JSONB)
