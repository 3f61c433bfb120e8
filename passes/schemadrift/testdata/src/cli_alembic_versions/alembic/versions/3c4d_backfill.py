"""segment views and a backfill"""
from alembic import op
import sqlalchemy as sa

revision = "3c4d"
down_revision = "1a2b"


def upgrade():
    op.create_index("ix_customer_features_tier", "customer_features", [sa.text("(features->>'tier')")])  # want `ix_customer_features_tier is built on existing table customer_features without CONCURRENTLY.*\(a note: nothing in the repository shows that`
    # A view's query runs on every read of the view.
    # want +1 `features->>'segment' in WHERE is computed for every row of customer_features`
    op.execute("CREATE VIEW gold_customers AS SELECT customer_id FROM customer_features WHERE features->>'segment' = 'gold'")
    op.execute("CREATE VIEW vip_customers AS SELECT customer_id FROM customer_features WHERE features @> '{\"vip\": true}'")
    # The backfill runs once: it needs no index.
    op.execute("INSERT INTO segments SELECT customer_id FROM customer_features WHERE features->>'kind' = 'b'")
