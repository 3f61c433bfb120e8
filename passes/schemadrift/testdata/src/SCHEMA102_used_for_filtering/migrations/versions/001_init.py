from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

revision = "001"
down_revision = None


def upgrade():
    op.create_table(
        "organizations",
        sa.Column("id", sa.Uuid, primary_key=True),
        # Read and written whole: no query filters it, so no index is owed.
        sa.Column("customer_portal_settings", JSONB, nullable=False),
        sa.Column("tags", JSONB, nullable=False),  # want `jsonb column organizations.tags has no GIN index at the end of the migration history, yet Organization.tags.contains\(\["vip"\]\) \(app/service.py:16\) filters it with @>: each such query reads and de-TOASTs every row; add CREATE INDEX CONCURRENTLY ON organizations USING gin \(tags jsonb_path_ops\) \[SCHEMA102\]`
        # Filtered only by a data migration and a backfill script, which run once.
        sa.Column("feature_settings", JSONB, nullable=False),
    )
