import time


async def test_slow_client():
    time.sleep(0.5)  # a test that blocks on purpose
