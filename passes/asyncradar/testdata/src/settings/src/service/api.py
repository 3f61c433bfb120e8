import sqlite3  # want `synchronous database driver sqlite3 imported in service code.*\[ASYNC111\]`
import psycopg2

import numpy as np
import pandas as pd
import redis.asyncio as aioredis
from app.errors import CacheDown

cache = aioredis.Redis()
MODEL_REV = 7


async def frames(path, a):
    pd.read_csv(path)  # want `pd\.read_csv .*\[ASYNC116\]`
    pd.read_parquet(path)
    np.linalg.svd(a)  # want `np\.linalg\.svd .*\[ASYNC116\]`


async def predict(customer):
    try:
        await cache.get(f"pred:{customer}:{MODEL_REV}")
        await cache.get(f"pred:{customer}:{model_version}")  # want `cache key f"pred:\{customer\}:\{model_version\}" does not include the model version.*a name containing "rev".*\[ASYNC114\]`
    except CacheDown:
        pass
