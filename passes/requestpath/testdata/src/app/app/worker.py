import asyncio


async def consume():  # want "serving: on the request path from lifespan handler app/main.py:lifespan"
    while True:
        await handle(await asyncio.sleep(1))


async def handle(msg):  # want "serving: on the request path from lifespan handler"
    return msg
