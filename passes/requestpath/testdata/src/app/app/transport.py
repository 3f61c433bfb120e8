class SafeTransport:
    # Built on the request path and handed to a client that calls it: its
    # methods run on the request path.
    async def handle_async_request(self, request):  # want "serving: on the request path from route handler app/api/users.py:list_users"
        return request


def make_client():  # want "serving: on the request path from route handler app/api/users.py:list_users"
    return SafeTransport()
