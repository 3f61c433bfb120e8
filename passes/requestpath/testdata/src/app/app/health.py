async def check():  # want "serving: on the request path from route handler app/health.py:check"
    return {"ok": True}
