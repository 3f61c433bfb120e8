import sqlite3

import aiosqlite
from sqlalchemy.orm import scoped_session, sessionmaker

Session = scoped_session(sessionmaker())

DB_PATH = "/srv/app.db"


def connect():
    return sqlite3.connect(DB_PATH)


async def connect_async():
    return await aiosqlite.connect(DB_PATH)


def settings_row(conn):
    return conn.execute("select * from settings").fetchone()


class classproperty(property):
    def __get__(self, instance, owner):
        return self.fget(owner)


class Model:
    @classproperty
    def query(cls):
        return Session.query(cls)
