"""This service module mentions psycopg2 only in prose, so it is scanned and passes."""
import asyncpg  # ok: ARX111 -- an async driver
