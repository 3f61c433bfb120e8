import gevent
import httpx
from locust.env import Environment

from .locustfile import ScoreUser


def test_swap_under_load(service_url, new_mojo):
    env = Environment(user_classes=[ScoreUser], host=service_url)  # want `load runs during the model swap but nothing asserts that no request failed during the swap.*\[SCN102\]`
    runner = env.create_local_runner()
    runner.start(user_count=20, spawn_rate=20)
    gevent.sleep(5)
    httpx.post(f"{service_url}/admin/reload", json={"path": str(new_mojo)}).raise_for_status()
    gevent.sleep(5)
    runner.quit()
    # Bounds on latency only: requests that fail fast during the swap pass.
    assert env.stats.total.avg_response_time < 500
    assert env.stats.total.get_response_time_percentile(0.95) < 800
