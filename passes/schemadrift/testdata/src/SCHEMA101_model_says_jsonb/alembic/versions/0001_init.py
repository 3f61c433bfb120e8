"""init"""
from alembic import op
import sqlalchemy as sa

revision = "0001"
down_revision = None


def upgrade():
    op.create_table("datasets", sa.Column("id", sa.BigInteger(), primary_key=True))
    # The model says jsonb, but the database the migrations build is json: reported here.
    op.add_column("datasets", sa.Column("fidesctl_meta", sa.JSON(), nullable=True))  # want `column datasets.fidesctl_meta \(now ctl_datasets.fides_meta\) is json, yet ds.fides_meta->>'redact' \(app/models.py:\d+\) navigates inside it.*\[SCHEMA101\]`


def downgrade():
    op.drop_table("datasets")
