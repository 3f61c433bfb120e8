import sqlite3
import psycopg2
import sqlalchemy
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.ext.asyncio import AsyncSession
from fastapi import Depends

engine = create_engine("postgresql://db/app")
SessionLocal = sessionmaker(bind=engine)


async def driver_connect():
    conn = psycopg2.connect("dbname=app")  # want `psycopg2\.connect in async def driver_connect blocks the event loop on a synchronous database call; use asyncpg or SQLAlchemy's AsyncSession.*\[ARX107\]`
    with conn.cursor() as cur:
        cur.execute("select 1")  # want `cur\.execute \(psycopg2\.connect\.cursor\.execute\) .*\[ARX107\]`
    conn.commit()  # want `conn\.commit .*\[ARX107\]`


async def sqlite():
    db = sqlite3.connect("app.db")  # want `sqlite3\.connect .*\[ARX107\]`
    return db.execute("select 1")  # want `db\.execute \(sqlite3\.connect\.execute\) .*\[ARX107\]`


async def engine_calls():
    with engine.connect() as conn:  # want `engine\.connect \(sqlalchemy\.create_engine\.connect\) .*\[ARX107\]`
        return conn.execute(text("select 1"))  # want `conn\.execute .*\[ARX107\]`


async def session_factory():
    db = SessionLocal()
    try:
        return db.query(User).filter(User.id == 1).first()  # want `db\.query\(User\)\.filter\(User\.id == 1\)\.first .*\[ARX107\]`
    finally:
        db.close()


async def route(db: Session = Depends(get_db)):
    db.add(User())
    db.commit()  # want `db\.commit \(sqlalchemy\.orm\.Session\.commit\) .*\[ARX107\]`


async def async_session(db: AsyncSession = Depends(get_db)):
    result = await db.execute(text("select 1"))  # ok: ARX107 -- an AsyncSession, awaited
    await db.commit()
    return result


def sync_route(db: Session = Depends(get_db)):
    return db.query(User).all()
