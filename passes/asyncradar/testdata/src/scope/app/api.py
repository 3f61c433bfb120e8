from fastapi import APIRouter, Depends
from sqlalchemy.orm import Session

from app import services
from app.db import get_session

router = APIRouter()


@router.get("/users")
async def list_users():
    return await services.load_users()


@router.post("/users")
async def create_user(db: Session = Depends(get_session)):
    db.execute("insert into users default values")  # want "db.execute .* blocks the event loop"
    db.commit()  # want "db.commit .* blocks the event loop"
