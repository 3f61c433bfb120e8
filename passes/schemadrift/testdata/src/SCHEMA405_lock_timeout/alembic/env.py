from alembic import context
from sqlalchemy import text


def run_migrations_online(connection):
    connection.execute(text("SET lock_timeout = '4s'"))
    context.configure(connection=connection)
