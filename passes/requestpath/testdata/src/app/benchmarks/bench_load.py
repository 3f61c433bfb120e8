async def bench_load():  # want "offline: in a benchmark"
    return None
