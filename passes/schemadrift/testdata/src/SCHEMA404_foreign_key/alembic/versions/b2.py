from alembic import op

revision = "b2"
down_revision = "b1"


def upgrade():
    op.execute("SET lock_timeout = '5s'")
    op.create_foreign_key("members_team_fk", "members", "teams", ["team_id"], ["id"])  # want `foreign key on existing table members.*postgresql_not_valid=True.*\[SCHEMA404\]`
    op.create_foreign_key("members_org_fk", "members", "teams", ["org_id"], ["id"], postgresql_not_valid=True)
