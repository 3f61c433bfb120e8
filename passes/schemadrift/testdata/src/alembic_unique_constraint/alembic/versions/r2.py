from alembic import op

revision = "r2"
down_revision = "r1"


def upgrade():
    # constraints build their index too, but are not CREATE INDEX: not SCHEMA401
    op.create_unique_constraint("uq_accounts_email", "accounts", ["email"])  # want `no lock_timeout set.*\[SCHEMA405\]`
    op.drop_constraint("uq_accounts_email", "accounts", type_="unique")
