from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

revision = "r1"
down_revision = None


def upgrade():
    op.create_table("users", sa.Column("id", sa.Integer, primary_key=True), sa.Column("profile", JSONB))
    op.create_index("ix_users_profile", "users", ["profile"], postgresql_using="gin")
    # a string with parentheses or operators is an expression, as in Alembic
    op.create_index("ix_users_email", "users", ["(profile->>'email')"], unique=True)
    op.create_index("ix_users_city", "users", [sa.text("lower(profile->>'city')")])
    op.create_index("ix_users_active", "users", ["id"], postgresql_where=sa.text("(profile->>'active')::boolean"))
    op.execute("SELECT id FROM users WHERE profile->>'email' = 'a@b.c' AND lower(profile->>'city') = 'paris'")
    op.execute("SELECT id FROM users WHERE upper(profile->>'city') = 'PARIS'")
