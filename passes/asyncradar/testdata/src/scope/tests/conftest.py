import pytest


@pytest.fixture
async def users_file():
    with open("users.json") as f:
        return f.read()
