import sqlalchemy as sa
from alembic import op

revision = "a2"
down_revision = "a1"


def upgrade():
    op.create_index("ix_recipes_name", "recipes", ["name"])  # ok: SCHEMA401 -- the application applies its migrations in its lifespan, before it serves
    op.add_column("recipes", sa.Column("slug", sa.Text))  # want `op.add_column takes an ACCESS EXCLUSIVE lock on existing table recipes with no lock_timeout set.*\(a note: the application applies its migrations at start-up, before it serves, at app/db/init_db.py:6, reached from the lifespan handler app/main.py:lifespan; nothing queues behind the lock\)`
