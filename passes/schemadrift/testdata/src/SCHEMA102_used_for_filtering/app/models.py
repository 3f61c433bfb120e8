import uuid

from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Organization(Base):
    __tablename__ = "organizations"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    customer_portal_settings: Mapped[dict] = mapped_column(JSONB)
    tags: Mapped[list] = mapped_column(JSONB)
    feature_settings: Mapped[dict] = mapped_column(JSONB)


class Message(Base):
    __tablename__ = "messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    chat_id: Mapped[int] = mapped_column(index=True)
    files: Mapped[list] = mapped_column(JSONB)  # want `jsonb column messages.files has no GIN index at the end of the migration history, yet Message.files.op\("@>"\)\(\[\{"id": file_id\}\]\) \(app/service.py:\d+\) filters it with @>`
