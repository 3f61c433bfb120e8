from typing import TYPE_CHECKING

import asyncpg
import pymysql  # want `synchronous database driver pymysql imported in service code.*\[ARX111\]`
import mysql.connector as mysql  # want `driver mysql\.connector imported.*\[ARX111\]`

if TYPE_CHECKING:
    import psycopg2


async def handler(conn: "psycopg2.extensions.connection"):
    cur = conn.cursor()
    cur.execute("select 1")  # want `cur\.execute \(psycopg2\.extensions\.connection\.cursor\.execute\) in async def handler blocks the event loop on a synchronous database call.*\[ARX107\]`
    return cur


async def with_pool(pool: asyncpg.Pool):
    return await pool.fetch("select 1")
