import json

import redis
import redis.asyncio as aioredis
from redis.exceptions import RedisError, ConnectionError as RedisConnectionError
from contextlib import suppress
from fastapi import FastAPI

app = FastAPI()
cache = aioredis.Redis(host="cache")
sync_cache = redis.Redis(host="cache")
MODEL_VERSION = "2024-06-01"


async def set_without_ttl(key, value):
    try:
        await cache.set(key, value)  # want `redis set via cache\.set stores key key without expiry: the entry never expires.*\[ASYNC113\]`
    except RedisError:
        pass


async def set_with_ttl(key, value):
    try:
        await cache.set(key, value, ex=300)  # ok: ASYNC113 -- the entry expires
        await cache.set(key, value, px=300_000)
        await cache.set(key, value, keepttl=True)
        await cache.setex(key, 300, value)  # ok: ASYNC108 -- redis.asyncio, awaited
        await cache.set(key, value, 300)
    except RedisError:
        pass


async def hset_then_expire(key, mapping):
    try:
        await cache.hset(key, mapping=mapping)
        await cache.expire(key, 300)
    except RedisError:
        pass


async def hset_without_expire(key, mapping):
    try:
        await cache.hset(key, mapping=mapping)  # want `redis hset on key key has no later expire on the same key in this function.*\[ASYNC113\]`
        await cache.expire("other", 300)
    except RedisError:
        pass


async def no_fallback(key):
    return await cache.get(key)  # want `redis call cache\.get on the request path has no fallback: when Redis is unavailable the request fails.*\[ASYNC115\]`


async def builtin_connection_error_is_not_redis(key):
    try:
        return await cache.get(key)  # want `redis call cache\.get .*no fallback.*\(the builtin ConnectionError caught here is not redis-py's exception of that name\) \[ASYNC115\]`
    except ConnectionError:
        return None


async def redis_connection_error_is(key):
    try:
        return await cache.get(key)  # ok: ASYNC115 -- inside try/except RedisError
    except RedisConnectionError:
        return None


async def exception_catches(key):
    try:
        return await cache.get(key)
    except Exception:
        return None


async def tuple_and_bare(key):
    try:
        value = await cache.get(key)
    except (ValueError, redis.exceptions.TimeoutError):
        value = None
    try:
        await cache.delete(key)
    except:
        pass
    return value


async def suppressed(key):
    with suppress(RedisError):
        return await cache.get(key)


async def get_cached(key):
    return await cache.get(key)


async def caller_has_fallback(key):
    try:
        return await get_cached(key)
    except RedisError:
        return None


async def predict_cached(customer_id, features):
    key = f"pred:{customer_id}"
    try:
        cached = await cache.get(key)  # want `cache key key does not include the model version: after a model swap the cache keeps serving the previous model's predictions; add the model version \(a name containing "version"\) to the key \[ASYNC114\]`
        if cached:
            return json.loads(cached)
    except RedisError:
        cached = None
    result = await run_model(features)
    return result


async def predict_versioned(customer_id):
    key = f"pred:{MODEL_VERSION}:{customer_id}"
    try:
        return await cache.get(key)
    except RedisError:
        return None


async def inline_key_with_score(customer_id, value):
    try:
        await cache.set(f"score:{customer_id}", value, ex=60)  # want `cache key f"score:\{customer_id\}" does not include the model version.*\[ASYNC114\]`
        await cache.set(f"score:{app.state.model_version}:{customer_id}", value, ex=60)  # ok: ASYNC114 -- the key holds the model version
    except RedisError:
        pass


async def key_from_caller(key, value):
    try:
        await cache.set(key, value, ex=60)
    except RedisError:
        pass


async def sync_client_in_async_code(key):
    try:
        return sync_cache.get(key)  # want `sync_cache\.get \(redis\.Redis\.get\) in async def sync_client_in_async_code blocks the event loop on a synchronous Redis command; use redis\.asyncio\.Redis and await the command \[ASYNC108\]`
    except RedisError:
        return None


async def pipeline(key, value):
    pipe = cache.pipeline()
    pipe.set(key, value, ex=60)
    pipe.incr("hits")
    try:
        await pipe.execute()
    except RedisError:
        pass


@app.get("/state")
async def state_client(request, key: str):
    return await request.app.state.redis.get(key)  # want `redis call request\.app\.state\.redis\.get on the request path has no fallback.*\[ASYNC115\]`


def offline_warmup(key, value):
    sync_cache.set(key, value)  # want `redis set via sync_cache\.set stores key key without expiry.*\[ASYNC113\]`


async def dict_cache_is_not_redis(key):
    local = {}
    local.get(key)
    return redis.from_url("redis://cache")
