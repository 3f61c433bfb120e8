from sqlalchemy import BigInteger, Index, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Event(Base):
    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_data", "data", postgresql_using="gin"),
        Index("ix_events_kind", text("(data->>'kind')")),
        Index("ix_events_meta", "meta", postgresql_using="gin", postgresql_ops={"meta": "jsonb_path_ops"}),
        Index("ix_events_source", text("(meta->>'source')")),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    data: Mapped[dict] = mapped_column(JSONB)
    meta: Mapped[dict] = mapped_column(JSONB)
