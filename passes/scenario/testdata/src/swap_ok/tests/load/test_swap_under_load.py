import gevent
import httpx
from locust.env import Environment

from .locustfile import ScoreUser


def test_swap_under_load(service_url, new_mojo):
    env = Environment(user_classes=[ScoreUser], host=service_url)
    runner = env.create_local_runner()
    runner.start(user_count=20, spawn_rate=20)
    gevent.sleep(5)
    httpx.post(f"{service_url}/admin/reload", json={"path": str(new_mojo)}).raise_for_status()
    gevent.sleep(5)
    runner.quit()
    assert env.stats.total.num_requests > 0
    assert env.stats.total.num_failures == 0  # ok: SCN102 -- the load runs across the swap and no request fails
