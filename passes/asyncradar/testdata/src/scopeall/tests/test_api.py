import time


async def test_slow_client():
    time.sleep(0.5)  # want `\(off the request path: in a test\)`
