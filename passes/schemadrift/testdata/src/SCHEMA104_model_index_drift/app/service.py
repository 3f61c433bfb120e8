from sqlalchemy import select, text

from app.models import Event


def by_kind(session, kind):
    return session.execute(text("SELECT id FROM events WHERE data->>'kind' = :kind"), {"kind": kind})  # want `data->>'kind' in WHERE is computed for every row of events: no GIN index serves ->> and no B-tree index is on this exact expression \(the SQLAlchemy model declares index ix_events_kind on it at app/models.py:\d+, but no migration creates it\)`


def vip(session):
    return session.execute(select(Event.id).where(Event.data.contains({"vip": True})))


def by_source(session, source):
    return session.execute(select(Event.id).where(Event.meta["source"].astext == source))  # ok: SCHEMA104 -- the migration creates the index the model declares
