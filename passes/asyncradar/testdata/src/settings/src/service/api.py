import sqlite3  # want `synchronous database driver sqlite3 imported in service code.*\[ARX111\]`
import psycopg2

import numpy as np
import pandas as pd
import redis.asyncio as aioredis
from app.errors import CacheDown

cache = aioredis.Redis()
MODEL_REV = 7


async def frames(path, a):
    pd.read_csv(path)  # want `pd\.read_csv .*\[ARX116\]`
    pd.read_parquet(path)
    np.linalg.svd(a)  # want `np\.linalg\.svd .*\[ARX116\]`


async def predict(customer, value):
    try:
        if await cache.get(f"pred:{customer}:{MODEL_REV}") is None:
            await cache.set(f"pred:{customer}:{MODEL_REV}", value, ex=60)
        if await cache.get(f"pred:{customer}:{model_version}") is None:  # want `cache key f"pred:\{customer\}:\{model_version\}" does not include the model version.*a name containing "rev".*\[ARX114\]`
            await cache.set(f"pred:{customer}:{model_version}", value, ex=60)  # want `cache key f"pred:\{customer\}:\{model_version\}" does not include.*\[ARX114\]`
    except CacheDown:
        pass
