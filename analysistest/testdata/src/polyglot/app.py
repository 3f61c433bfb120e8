import asyncio


async def handler():
    # TODO: cache the result  # want `todo marker in python \[T[O]DO001\]`
    await asyncio.sleep(0)


def ok():
    return "nothing to see here"
