async def setup_tenant(tenant_id):  # want "serving: on the request path from route handler app/api/users.py:list_users"
    return tenant_id
