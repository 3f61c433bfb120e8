import sqlalchemy as sa
from sqlalchemy import JSON, Column, Index, Integer, Table, MetaData, text
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Event(Base):  # want `table events keeps business key customer_id only inside JSON`
    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_data", "data", postgresql_using="gin", postgresql_ops={"data": "jsonb_path_ops"}),
        Index("ix_events_kind", text("(data->>'kind')")),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    data: Mapped[dict] = mapped_column(JSONB, nullable=False)
    context = Column(JSONB)  # want `jsonb column events.context has no GIN index at the end of the migration history, yet Event.context.contains\(\{"ab": "b"\}\) \(app/queries.py:13\) filters it with @>`
    legacy = Column(JSON)  # want `column events.legacy is json`
    raw = Column("raw_doc", postgresql.JSON)  # want `column events.raw_doc is json`


class Product(Base):
    __tablename__ = "products"
    __table_args__ = {"schema": "catalog"}

    id = Column(Integer, primary_key=True)
    attrs = Column(JSONB)


Index("ix_products_attrs", Product.attrs, postgresql_using="gin")

metadata = MetaData()

audit = Table(
    "audit",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("payload", sa.JSON),  # want `column audit.payload is json`
)
