from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

revision = "001"
down_revision = None


def upgrade():
    # A registry of feature definitions: names and specs, no values.
    op.create_table(
        "feature_sets",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(255)),
        sa.Column("project", sa.String(255)),
        sa.Column("_full_object", sa.LargeBinary),
    )
    op.create_table(
        "features",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("feature_set_id", sa.Integer, sa.ForeignKey("feature_sets.id")),
        sa.Column("name", sa.String(255)),
        sa.Column("value_type", sa.String(255)),
    )
    op.create_table(
        "feature_sets_labels",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("parent", sa.Integer),
        sa.Column("value", sa.String(255)),
    )
    # Feature values: an entity key and a document per event.
    op.create_table(
        "customer_feature_values",  # want `feature table customer_feature_values has no event_time or valid_from timestamp column.*\[SCHEMA201\]`
        sa.Column("customer_id", sa.BigInteger, nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True)),
        sa.Column("features", JSONB, nullable=False),
    )
    op.create_index("ix_cfv_features", "customer_feature_values", ["features"], postgresql_using="gin")
