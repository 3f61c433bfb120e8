from alembic import op

revision = "002"
down_revision = "001"


def upgrade():
    op.create_index("ix_alert_templates_id_updated", "alert_templates", ["id", "updated"])
