"""Database access without async code: scanned by line, never parsed."""
import os
import psycopg2  # want `synchronous database driver psycopg2 imported in service code: its queries block the event loop and bypass the shared pool; use asyncpg or SQLAlchemy's async engine with a pool created at startup \[ARX111\]`
from psycopg2.extras import RealDictCursor  # want `driver psycopg2 imported in service code.*\[ARX111\]`
# import pymysql is only a comment


def connect():
    return psycopg2.connect(os.environ["DSN"], cursor_factory=RealDictCursor)
