from litestar import get
from starlette.routing import Route, WebSocketRoute


@get("/l")
async def litestar_handler() -> str:  # want "serving: on the request path from route handler svc/star.py:litestar_handler"
    return "ok"


async def homepage(request):  # want "serving: on the request path from route handler svc/star.py:homepage"
    return None


async def ws(websocket):  # want "serving: on the request path from websocket handler svc/star.py:ws"
    return None


routes = [Route("/", homepage), WebSocketRoute("/ws", ws)]


async def app(scope, receive, send):  # want "serving: on the request path from ASGI app svc/star.py:app"
    return None
