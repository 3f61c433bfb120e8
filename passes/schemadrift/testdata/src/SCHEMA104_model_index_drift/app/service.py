from sqlalchemy import select, text

from app.models import Event


def by_kind(session, kind):
    return session.execute(text("SELECT id FROM events WHERE data->>'kind' = :kind"), {"kind": kind})  # want `data->>'kind' in WHERE is computed for every row of events: no GIN index serves ->> and no B-tree index is on this exact expression \(the SQLAlchemy model declares index ix_events_kind on it at app/models.py:\d+, but no migration creates it\)`


def vip(session):
    return session.execute(select(Event.id).where(Event.data.contains({"vip": True})))


def by_source(session, source):
    return session.execute(select(Event.id).where(Event.meta["source"].astext == source))  # ok: SCHEMA104 -- the migration creates the index the model declares


def by_kind_op(session, kind):
    # .op("->>") writes the same extraction as .astext
    return session.execute(select(Event.id).where(Event.data.op("->>")("kind") == kind))  # want `Event.data.op\("->>"\)\("kind"\) in a filter renders ->> and is computed for every row of events.*\(the SQLAlchemy model declares index ix_events_kind on it`


def by_source_op(session, source):
    return session.execute(select(Event.id).where(Event.meta.op("->>")("source") == source))  # ok: SCHEMA104 -- ix_events_source serves it
