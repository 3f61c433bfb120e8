from fastapi import APIRouter, Depends

from app import services
from app.agent.tools.search import search
from app.services import UserService
from app.transport import make_client
from app.util import fetch_impl

router = APIRouter()
users = UserService()


async def current_user():  # want "serving: on the request path from request dependency app/api/users.py:current_user"
    return None


@router.get("/users")
async def list_users(user=Depends(current_user)):  # want "serving: on the request path from route handler app/api/users.py:list_users"
    await search("x")
    await users.count()
    make_client()
    await fetch_impl("app.tenants", "setup_tenant")("t1")
    return await services.load_users()


def unused_sync():  # want "unreached: reached from no entry point of its package, which serves requests"
    pass
