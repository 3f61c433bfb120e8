# acr finds: nothing asserts zero failed requests during a model swap (SCN-REV-01-02 stays unproven)
"""Steady read load on the scoring API: `locust -f tests/load/locustfile.py --host http://localhost:8000`.

It measures latency only; nothing here swaps the model while it runs or checks
for 5xx responses during a swap.
"""

import random

from locust import FastHttpUser, between, task

CUSTOMER_IDS = range(1, 50_001)


# acr finds: this load test never runs while the model is swapped
class ScoringUser(FastHttpUser):
    wait_time = between(0.01, 0.05)

    @task(10)
    def score_one(self) -> None:
        customer_id = random.choice(CUSTOMER_IDS)
        self.client.get(f"/customers/{customer_id}/churn", name="/customers/[id]/churn")

    @task(1)
    def score_batch(self) -> None:
        self.client.post("/churn/batch", json={"customer_ids": random.sample(CUSTOMER_IDS, 50)})
