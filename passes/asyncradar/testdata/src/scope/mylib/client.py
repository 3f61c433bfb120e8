import requests


async def fetch(url):
    # A library package without entry points: its async API runs in its
    # users' event loops.
    return requests.get(url)  # want "requests.get in async def fetch blocks the event loop"
