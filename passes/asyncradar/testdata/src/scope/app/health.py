import time


async def check():
    time.sleep(0.1)  # want "time.sleep in async def check blocks the event loop"
    return {"ok": True}
