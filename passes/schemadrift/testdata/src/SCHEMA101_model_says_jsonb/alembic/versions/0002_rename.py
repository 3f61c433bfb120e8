"""rename"""
from alembic import op

revision = "0002"
down_revision = "0001"


def upgrade():
    op.execute("SET lock_timeout = '5s'")
    op.rename_table("datasets", "ctl_datasets")
    op.alter_column("ctl_datasets", "fidesctl_meta", new_column_name="fides_meta")


def downgrade():
    pass
