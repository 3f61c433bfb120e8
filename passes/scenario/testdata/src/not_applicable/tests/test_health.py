def test_health_names_the_model(client):
    assert client.get("/health").json()["model"] == "churn"
