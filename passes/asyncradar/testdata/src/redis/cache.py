import json

import redis
import redis.asyncio as aioredis
from redis.exceptions import RedisError, ConnectionError as RedisConnectionError
from contextlib import suppress
from fastapi import FastAPI, Request

app = FastAPI()
cache = aioredis.Redis(host="cache")
sync_cache = redis.Redis(host="cache")
MODEL_VERSION = "2024-06-01"


async def set_without_ttl(key, compute):
    try:
        value = await cache.get(key)
        if value is None:
            value = compute()
            await cache.set(key, value)  # want `redis set via cache\.set fills a look-aside cache entry \(key key\) without expiry: the entry never expires.*\[ARX113\]`
        return value
    except RedisError:
        return compute()


async def ex_none_is_no_expiry(key, compute):
    try:
        if await cache.get(key) is None:
            await cache.set(key, compute(), ex=None)  # want `redis set via cache\.set fills a look-aside cache entry .*without expiry.*\[ARX113\]`
    except RedisError:
        pass


async def every_expiry_spelling(key, compute):
    try:
        if await cache.get(key) is None:
            await cache.set(key, compute(), ex=300)  # ok: ARX113 -- the entry expires
        if await cache.get(key) is None:
            await cache.set(key, compute(), px=300_000)
        if await cache.get(key) is None:
            await cache.set(key, compute(), exat=1_900_000_000)
        if await cache.get(key) is None:
            await cache.set(key, compute(), pxat=1_900_000_000_000)
        if await cache.get(key) is None:
            await cache.set(key, compute(), keepttl=True)
        if await cache.get(key) is None:
            await cache.setex(key, 300, compute())  # ok: ARX108 -- redis.asyncio, awaited
        if await cache.get(key) is None:
            await cache.psetex(key, 300_000, compute())
        if await cache.get(key) is None:
            await cache.set(key, compute(), 300)
        if await cache.get(key) is None:
            await cache.set(key, compute())
            await cache.expire(key, 300)
        if await cache.get(key) is None:
            await cache.set(key, compute())
            await cache.pexpire(key, 300_000)
    except RedisError:
        pass


async def pipeline_expiry(key, compute):
    try:
        if await cache.get(key) is None:
            async with cache.pipeline(transaction=True) as pipe:
                pipe.set(key, compute())
                pipe.expire(key, 60)
                await pipe.execute()
    except RedisError:
        pass


async def hset_then_expire(key, compute):
    try:
        if not await cache.hgetall(key):
            await cache.hset(key, mapping=compute())
            await cache.expire(key, 300)
    except RedisError:
        pass


async def hset_without_expire(key, compute):
    try:
        if not await cache.hgetall(key):
            await cache.hset(key, mapping=compute())  # want `redis hset fills a look-aside cache entry \(key key\) and no expire of that key follows in this function.*\[ARX113\]`
            await cache.expire("other", 300)
    except RedisError:
        pass


async def no_fallback(key, compute):
    value = await cache.get(key)  # want `redis call cache\.get of a look-aside cache has no fallback: when Redis is unavailable the request fails.*\[ARX115\]`
    if value is None:
        value = compute()
        await cache.set(key, value, ex=60)  # want `redis call cache\.set of a look-aside cache has no fallback.*\[ARX115\]`
    return value


async def builtin_connection_error_is_not_redis(key, compute):
    try:
        value = await cache.get(key)  # want `redis call cache\.get .*no fallback.*\(the builtin ConnectionError caught here is not redis-py's exception of that name\) \[ARX115\]`
        if value is None:
            await cache.set(key, compute(), ex=60)  # want `redis call cache\.set .*no fallback.*\(the builtin ConnectionError .*\[ARX115\]`
    except ConnectionError:
        return None


async def redis_errors_caught(key, compute):
    try:
        value = await cache.get(key)  # ok: ARX115 -- inside try/except of a redis-py error
    except (ValueError, RedisConnectionError):
        value = None
    if value is None:
        value = compute()
        with suppress(RedisError):
            await cache.set(key, value, ex=60)
    return value


async def exception_catches(key, compute):
    try:
        value = await cache.get(key)
        if value is None:
            await cache.set(key, compute(), ex=60)
    except Exception:
        return compute()


async def lookup(key, compute):
    value = await cache.get(key)
    if value is None:
        await cache.set(key, compute(), ex=60)
    return value


async def caller_has_fallback(key, compute):
    try:
        return await lookup(key, compute)
    except RedisError:
        return compute()


async def predict_cached(customer_id, features):
    key = f"pred:{customer_id}"
    try:
        cached = await cache.get(key)  # want `cache key key does not include the model version: after a model swap the cache keeps serving the previous model's predictions; add the model version \(a name containing "version"\) to the key \[ARX114\]`
        if cached:
            return json.loads(cached)
        result = await run_model(features)
        await cache.set(key, json.dumps(result), ex=60)  # want `cache key key does not include the model version.*\[ARX114\]`
        return result
    except RedisError:
        return await run_model(features)


async def predict_versioned(customer_id, features):
    key = f"pred:{MODEL_VERSION}:{customer_id}"
    try:
        cached = await cache.get(key)  # ok: ARX114 -- the key holds the model version
        if cached is None:
            await cache.set(key, await run_model(features), ex=60)
        return cached
    except RedisError:
        return None


async def sync_client_in_async_code(key):
    try:
        return sync_cache.get(key)  # want `sync_cache\.get \(redis\.Redis\.get\) in async def sync_client_in_async_code blocks the event loop on a synchronous Redis command; use redis\.asyncio\.Redis and await the command \[ARX108\]`
    except RedisError:
        return None


async def dedupe_then_forward(key, payload):
    # The function must stay async for the forward it awaits: one Redis
    # round trip beside it is a note, as a database round trip is.
    if sync_cache.exists(key):  # want `sync_cache\.exists \(redis\.Redis\.exists\) in async def dedupe_then_forward blocks .*\(a note: it is a Redis round trip in a function that must stay async for what it awaits\) \[ARX108\]`
        return None
    await run_model(payload)
    for item in payload:
        # once per item: the round trips add up
        sync_cache.setex(f"{key}:{item}", 300, "1")  # want `sync_cache\.setex \(redis\.Redis\.setex\) in async def dedupe_then_forward blocks the event loop on a synchronous Redis command; use redis\.asyncio\.Redis and await the command \[ARX108\]`
    return True


@app.get("/state")
async def state_client(request: Request, key: str):
    value = await request.app.state.redis.get(key)  # want `redis call request\.app\.state\.redis\.get of a look-aside cache has no fallback.*\[ARX115\]`
    if value is None:
        value = "computed"
        await request.app.state.redis.setex(key, 60, value)  # want `redis call request\.app\.state\.redis\.setex .*no fallback.*\[ARX115\]`
    return value


def offline_warmup(key, compute):
    if sync_cache.get(key) is None:
        sync_cache.set(key, compute())  # want `redis set via sync_cache\.set fills a look-aside cache entry .*without expiry.*\[ARX113\]`


# Redis as something else than a cache: no look-aside read, so no TTL and
# no fallback is asked for.


async def publish(event):
    await cache.xadd("events", {"data": json.dumps(event)})
    await cache.publish("events", json.dumps(event))


async def durable_result(key, result):
    await cache.set(key, result)  # ok: ARX113 -- durable storage: no look-aside read


async def lease(name, owner):
    acquired = await cache.set(f"lease:{name}", owner, nx=True, px=30_000)
    return acquired


async def rate_limit(client_id):
    hits = await cache.incr(f"rate:{client_id}")
    if hits == 1:
        await cache.expire(f"rate:{client_id}", 60)
    return hits <= 100


async def read_stored(key):
    return await cache.get(key)


async def constructors_send_nothing():
    client = redis.from_url("redis://cache")
    other = aioredis.Redis.from_url("redis://cache")
    pool = aioredis.ConnectionPool.from_url("redis://cache")
    return client, other, pool


async def dict_cache_is_not_redis(key):
    local = {}
    if local.get(key) is None:
        local.set(key, 1)


async def keys_with_model_identity(customer_id, model, features):
    try:
        by_id = f"pred:{model.id}:{customer_id}"
        if await cache.get(by_id) is None:
            await cache.set(by_id, await run_model(features), ex=60)
        if await cache.get(f"pred:{settings.MOJO_SHA256}:{customer_id}") is None:
            await cache.set(f"pred:{settings.MOJO_SHA256}:{customer_id}", await run_model(features), ex=60)
        name_only = f"pred:{model.name}:{customer_id}"
        if await cache.get(name_only) is None:  # want `cache key name_only does not include the model version.*\[ARX114\]`
            await cache.set(name_only, await run_model(features), ex=60)  # want `cache key name_only does not include the model version.*\[ARX114\]`
    except RedisError:
        pass
