"""backfill"""
from alembic import op
import sqlalchemy as sa

revision = "3c4d"
down_revision = "1a2b"


def upgrade():
    op.create_index("ix_customer_features_tier", "customer_features", [sa.text("(features->>'tier')")])  # want `ix_customer_features_tier is built on existing table customer_features without CONCURRENTLY`
    # want +1 `features->>'segment' in WHERE is computed for every row of customer_features`
    op.execute("INSERT INTO segments SELECT customer_id FROM customer_features WHERE features->>'segment' = 'gold'")
    op.execute("INSERT INTO tiers SELECT customer_id FROM customer_features WHERE features->>'tier' = 'b'")
