async def handler():  # want "serving: on the request path from function of the plan's service tree src/service/api.py:handler"
    return None
