from alembic import op

revision = "r2"
down_revision = "r1"


def upgrade():
    # the GIN index follows the renamed column; the dropped column is gone
    op.alter_column("profiles", "doc", new_column_name="document")  # want `no lock_timeout set.*\[SCHEMA405\]`
    op.drop_column("profiles", "tmp")
    op.rename_table("profiles", "user_profiles")
    op.execute("SELECT id FROM user_profiles WHERE document @> '{\"a\": 1}'")
