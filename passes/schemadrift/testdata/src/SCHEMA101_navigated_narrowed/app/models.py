from sqlalchemy import BigInteger, JSON
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


# Both tables keep json that queries navigate inside. The subscriptions' queries first find
# their rows by the indexed project_id, so json is re-parsed only for those rows: a note.
class Subscription(Base):
    __tablename__ = "subscriptions"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    project_id: Mapped[int] = mapped_column(BigInteger, index=True)
    data: Mapped[dict] = mapped_column(JSON)  # want `column subscriptions.data is json .*\(a note: the queries that navigate inside it, such as Subscription.data\["event_key"\].astext \(app/queries.py:9\), first find their rows by an indexed column`


class Delivery(Base):
    __tablename__ = "deliveries"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    project_id: Mapped[int] = mapped_column(BigInteger)
    data: Mapped[dict] = mapped_column(JSON)  # want `column deliveries.data is json, yet Delivery.data\["status"\].astext \(app/queries.py:16\) navigates inside it.*\[SCHEMA101\]`


class Hook(Base):
    __tablename__ = "hooks"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    project_id: Mapped[int] = mapped_column(BigInteger, index=True)
    data: Mapped[dict] = mapped_column(JSON)  # want `column hooks.data is json, yet Hook.data\["kind"\].astext \(app/queries.py:\d+\) navigates inside it.*\[SCHEMA101\]`
