import joblib
import redis
from pymongo import MongoClient
from sqlalchemy import insert
from sqlalchemy.orm import Session

from features.utils.store import extract, read_features, save_features

if 'transformer' not in globals():
    from mage_ai.data_preparation.decorators import transformer

cache = redis.Redis(host="redis")
audit = MongoClient("mongodb://mongo")["ops"]["audit"]


def remember(df):
    cache.set("features:latest", df.to_json())


def log_run(df):
    remember(df)


def fingerprint(df):
    return cache.get("features:fingerprint")


@transformer
def enrich(df, *args, **kwargs):
    log_run(df)  # want `transformer enrich performs I/O \(Redis cache.set\(\) at line 17, through log_run\)`
    save_features(df)  # want `performs I/O \(df.to_sql\(\) at features/utils/store.py:8, through save_features\)`
    audit.insert_one({"rows": len(df)})  # want `performs I/O \(MongoDB audit.insert_one\(\)\)`
    with Session(kwargs["engine"]) as session:
        session.execute(insert(kwargs["table"]).values(rows=len(df)))  # want `performs I/O \(session.execute\(insert\(...\)\)\)`
    joblib.dump(df, "/tmp/features.joblib")  # want `performs I/O \(joblib.dump\(\) to a file\)`
    return df


@transformer
def pure(df, *args, **kwargs):
    # ok: MAGE102 -- reads only: a cache lookup and a warehouse read
    if fingerprint(df) is None:
        df = df.merge(read_features(), on="id")
    return df


@transformer
def elsewhere(df, *args, **kwargs):
    from helpers import persist

    # ok: MAGE102 -- lib/helpers.py is not on the block's import path (another package's helpers.py)
    persist(df, kwargs["engine"])
    return df


@transformer
def to_clickhouse(df, *args, **kwargs):
    client = kwargs["client"]
    ddl = """
    CREATE TABLE IF NOT EXISTS {db}.events (id UInt64) ENGINE = MergeTree ORDER BY id
    """.format(db="analytics")
    client.command(ddl)  # want `performs I/O \(client.command\("CREATE ..."\)\)`
    client.insert_df("analytics.events", df)  # want `performs I/O \(client.insert_df\(\)\)`
    client.query("SELECT count() FROM analytics.events")  # ok: MAGE102 -- a read
    return df.query("update > 0")  # ok: MAGE102 -- pandas' query() takes an expression, not SQL


@transformer
def transfers(df, *args, **kwargs):
    # ok: MAGE102 -- the helper writes only in a branch for another kind of data
    return extract("transfers", df)
