from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import mysql

revision = "001"
down_revision = None


def upgrade():
    # MySQL's JSON is binary already: no jsonb to ask for.
    op.create_table(
        "alert_templates",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("object", sa.JSON()),
        sa.Column("updated", mysql.TIMESTAMP(fsp=3)),
    )
    op.create_index("ix_alert_templates_updated", "alert_templates", ["updated"])
