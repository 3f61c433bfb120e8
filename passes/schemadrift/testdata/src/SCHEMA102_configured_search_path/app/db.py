from sqlalchemy import create_engine, text

# Every connection of the application searches analytics first.
engine = create_engine(
    "postgresql+psycopg2://app@db/warehouse",
    connect_args={"options": "-csearch_path=analytics,public"},
)


def by_kind(conn, kind):
    return conn.execute(text("SELECT id FROM events WHERE data->>'kind' = :kind"), {"kind": kind})  # want `data->>'kind' in WHERE is computed for every row of analytics.events`
