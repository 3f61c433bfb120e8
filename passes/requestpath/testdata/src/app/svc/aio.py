from aiohttp import web

routes = web.RouteTableDef()


@routes.get("/a")
async def table_handler(request):  # want "serving: on the request path from route handler svc/aio.py:table_handler"
    return web.Response()


async def listed_handler(request):  # want "serving: on the request path from route handler svc/aio.py:listed_handler"
    return web.Response()


async def router_handler(request):  # want "serving: on the request path from route handler svc/aio.py:router_handler"
    return web.Response()


def make_app():  # want "unreached: reached from no entry point"
    app = web.Application()
    app.add_routes([web.get("/b", listed_handler)])
    app.router.add_post("/c", router_handler)
    return app
