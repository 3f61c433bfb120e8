async def search(q):  # want "serving: on the request path from route handler app/api/users.py:list_users"
    return [q]
