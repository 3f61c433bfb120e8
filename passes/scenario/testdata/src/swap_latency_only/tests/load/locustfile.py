from locust import HttpUser, between, task


class ScoreUser(HttpUser):
    wait_time = between(0.01, 0.05)

    @task
    def score(self):
        self.client.post("/score", json={"amount": 12.5, "region": "eu"})
