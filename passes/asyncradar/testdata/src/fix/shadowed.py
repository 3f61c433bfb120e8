import time


async def wait(asyncio):
    time.sleep(1)  # want `time\.sleep .*\[ARX101\]`
