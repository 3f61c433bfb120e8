import asyncpg
import psycopg2
from sqlalchemy import text

# want +4 `data->>'color' in WHERE is computed for every row of events`
FIND_BY_COLOR = """
    SELECT id
    FROM events
    WHERE data->>'color' = %(color)s
"""


async def by_kind(pool: asyncpg.Pool, kind: str):
    async with pool.acquire() as conn:
        # want +1 `data->>'kind' in WHERE is computed for every row of events`
        return await conn.fetch("SELECT id FROM events WHERE data->>'kind' = $1", kind)


async def by_doc(conn, doc: str):
    return await conn.fetchrow("SELECT id FROM events WHERE data @> $1::jsonb", doc)


def by_color(cur, color):
    cur.execute(FIND_BY_COLOR, {"color": color})


def set_features(cur, uid, doc):
    # want +1 `UPDATE on feature table user_features in application code rewrites feature history`
    cur.execute("UPDATE user_features SET features = %s WHERE user_id = %s", (doc, uid))
    cur.execute("UPDATE user_features SET valid_to = now(), is_current = false WHERE user_id = %s", (uid,))
    cur.execute("INSERT INTO user_features (user_id, event_time, features) VALUES (%s, now(), %s)", (uid, doc))


def by_channel(session, channel):
    stmt = text("SELECT id FROM events WHERE data->>'channel' = :channel")  # want `data->>'channel' in WHERE`
    return session.execute(stmt, {"channel": channel})


def dynamic(session, key, table):
    session.execute(text(f"SELECT id FROM events WHERE data->>'{key}' = :v"))  # want `SQL built at run time \(f-string\) interpolates key where a value stands.*pass it as a bound parameter \[SCHEMA501\]`
    session.execute(text("SELECT id FROM {t} WHERE data->>'kind' = :v".format(t=table)))
    session.execute(text("SELECT id FROM events WHERE data->>'k' {op} :v".format(op=key)))  # want `format template whose placeholders stand for SQL fragments`
    session.execute(text("SELECT id FROM events WHERE data->>'source' = '%s'" % key))  # want `data->>'source' in WHERE`


def not_sql(executor, task):
    executor.execute(task)
    executor.execute("run nightly")
    return "select the best option".upper()
