async def dashboard(request):  # want "serving: on the request path from Django view svc/web/views.py:dashboard"
    return None


async def referenced(request):  # want "serving: on the request path from Django view svc/web/views.py:referenced"
    return None
