"""events

Revision ID: a1
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "a1"
down_revision = None


def upgrade():
    op.create_table("events", sa.Column("id", sa.Integer, primary_key=True), sa.Column("kind", sa.Text))
