import time


async def fine():
    time.sleep(1)  # want `time\.sleep .*\[ARX101\]`


async def broken(:  # want `invalid syntax`
    time.sleep(2)  # want `time\.sleep in async def broken .*\[ARX101\]`
