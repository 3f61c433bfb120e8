from sqlalchemy import select

from app.models import Delivery, Hook, Subscription


async def subscriptions_for(session, project_id, event_key=None):
    stmt = select(Subscription).filter(Subscription.project_id == project_id)
    if event_key is not None:
        stmt = stmt.filter(Subscription.data["event_key"].astext == event_key)
    return (await session.execute(stmt)).scalars().all()


async def deliveries_with(session, project_id, status):
    # deliveries.project_id has no index: every row of the project is found by a scan.
    stmt = select(Delivery).filter(Delivery.project_id == project_id)
    stmt = stmt.filter(Delivery.data["status"].astext == status)  # want `Delivery.data\["status"\].astext in a filter renders ->> .*\[SCHEMA104\]`
    return (await session.execute(stmt)).scalars().all()


async def hooks_of_kind(session, project_id, kind, everyone=False):
    # The narrowed query is replaced on one path: the filter may run on every row.
    stmt = select(Hook).filter(Hook.project_id == project_id)
    if everyone:
        stmt = select(Hook)
    stmt = stmt.filter(Hook.data["kind"].astext == kind)  # want `Hook.data\["kind"\].astext in a filter renders ->> .*\[SCHEMA104\]`
    return (await session.execute(stmt)).scalars().all()


async def subscriptions_matching(session, project_id, subscription_id=None, event_key=None):
    # Refined on some paths, never replaced: still found by project_id first.
    stmt = select(Subscription).filter(Subscription.project_id == project_id)
    if subscription_id is not None:
        stmt = stmt.filter(Subscription.id == subscription_id)
    if event_key is not None:
        stmt = stmt.filter(Subscription.data["event_key"].astext == event_key)
    return (await session.execute(stmt)).scalars().all()
