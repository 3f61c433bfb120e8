import asyncio
import time


async def wait(delay):
    time.sleep(delay * 2)  # want `time\.sleep .*\[ARX101\]`
    await asyncio.sleep(0)
