from alembic import op

revision = "002"
down_revision = "001"


def upgrade():
    op.execute("UPDATE organizations SET feature_settings = feature_settings - 'legacy' WHERE feature_settings ? 'legacy'")
