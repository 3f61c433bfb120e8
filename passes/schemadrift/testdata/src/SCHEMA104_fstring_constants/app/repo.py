from sqlalchemy import text

TABLE = "events"
COLUMNS = "id, data"


def by_channel(conn, channel):
    # constant parts only: the f-string is SQL like a literal
    return conn.execute(text(f"SELECT {COLUMNS} FROM {TABLE} WHERE data->>'channel' = :channel"), {"channel": channel})  # want `data->>'channel' in WHERE is computed for every row of events.*\[SCHEMA104\]`


def by_kind(conn, kind):
    return conn.execute(text(f"SELECT {COLUMNS} FROM {TABLE} WHERE data->>'kind' = :kind"), {"kind": kind})  # ok: SCHEMA104 -- events_kind serves it


def by_key(conn, key, value):
    # an interpolated value is not a constant: the SQL is not read
    return conn.execute(text(f"SELECT id FROM {TABLE} WHERE data->>'{key}' = :v"), {"v": value})  # want `SQL built at run time \(f-string\) interpolates key where a value stands.*\[SCHEMA501\]`
