from sqlalchemy import BigInteger, select
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


# The plan requires jsonb: a query that navigates inside json is a finding, narrowed or not,
# and json written out as postgresql.JSON does not make it a note.
class Subscription(Base):
    __tablename__ = "subscriptions"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    project_id: Mapped[int] = mapped_column(BigInteger, index=True)
    data: Mapped[dict] = mapped_column(postgresql.JSON)  # want `column subscriptions.data is json, yet Subscription.data\["event_key"\].astext \(app/models.py:\d+\) navigates inside it.*\[SCHEMA101\]`


async def subscriptions_for(session, project_id, event_key):
    stmt = select(Subscription).filter(Subscription.project_id == project_id)
    stmt = stmt.filter(Subscription.data["event_key"].astext == event_key)
    return (await session.execute(stmt)).scalars().all()
