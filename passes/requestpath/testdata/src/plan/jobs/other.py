async def anything():  # want "serving: on the request path from the plan's entry point jobs/other.py:anything"
    return None
