from app.services import load_users


async def test_load_users():  # want "offline: in a test"
    assert await load_users()
