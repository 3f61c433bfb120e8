import json
import time


async def load_users():
    # Reached from the route in app/api.py: on the request path.
    with open("users.json") as f:  # want "open in async def load_users blocks the event loop"
        return json.load(f)


async def never_called():
    # The package serves requests and nothing reaches this: not reported.
    time.sleep(1)
