from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = "001"
down_revision = None


def upgrade():
    op.create_table(
        "accounts",
        sa.Column("id", sa.BigInteger, primary_key=True),
        sa.Column("profile", postgresql.JSONB, nullable=False),
        sa.Column("email", sa.String, nullable=False),
        sa.Column("name", sa.String, nullable=False),
    )
    op.create_index("ix_accounts_profile", "accounts", ["profile"], postgresql_using="gin")
    op.create_index("ix_accounts_email_lower", "accounts", [sa.text("lower(profile->>'email')")])
    op.create_index("ix_accounts_name", "accounts", [sa.text("(profile->>'name')")])
    op.create_index("ix_accounts_city", "accounts", [sa.text("coalesce(profile->>'city', '')")])
    op.create_index("ix_accounts_login", "accounts", [sa.text("lower(email)")])
    op.create_index("ix_accounts_plain_name", "accounts", ["name"])
