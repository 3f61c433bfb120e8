import time

from fastapi import APIRouter

router = APIRouter()


@router.get("/recipes")
async def list_recipes():
    time.sleep(1)
    return []
