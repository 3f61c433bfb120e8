import sqlalchemy as sa
from alembic import op

revision = "a2"
down_revision = "a1"


def upgrade():
    op.create_index("ix_recipes_name", "recipes", ["name"])
    op.add_column("recipes", sa.Column("slug", sa.Text))
