from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

revision = "r1"
down_revision = None


def upgrade():
    op.create_table("profiles", sa.Column("id", sa.Integer, primary_key=True), sa.Column("settings", sa.Text))
    with op.batch_alter_table("profiles") as batch_op:
        batch_op.add_column(sa.Column("prefs", sa.JSON))  # want `column profiles.prefs is json`
        batch_op.add_column(sa.Column("flags", JSONB))
        batch_op.alter_column("settings", type_=sa.JSON(none_as_null=True))  # want `column profiles.settings is json`
        batch_op.alter_column("flags", new_column_name="feature_flags")
        batch_op.create_index("ix_profiles_flags", ["feature_flags"], postgresql_using="gin")
        batch_op.create_index("ix_profiles_prefs", ["prefs"], postgresql_using="gin")
