async def fetch(url):  # want "unreached: in a library package, whose async functions run in its users' event loops"
    return url
