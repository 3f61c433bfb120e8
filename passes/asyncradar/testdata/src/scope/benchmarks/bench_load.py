import time


async def bench_load():
    time.sleep(0.01)
