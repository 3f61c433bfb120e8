from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = "r1"
down_revision = None


def upgrade():
    op.create_table(
        "models",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("config", postgresql.JSONB, server_default='{"a": {"b": {"c": 1}}}'),  # want `default writes a JSON document nested 3 levels deep into models.config`
        sa.Column("flat", postgresql.JSONB, server_default=sa.text("'{}'::jsonb")),
    )
    op.create_index("ix_models_config", "models", ["config"], postgresql_using="gin")
    op.create_index("ix_models_flat", "models", ["flat"], postgresql_using="gin")
    models = sa.table("models", sa.column("id", sa.Integer), sa.column("config", postgresql.JSONB))
    op.bulk_insert(models, [
        {"id": 1, "config": {"params": {"depth": 6}}},
        {"id": 2, "config": {"params": {"grid": {"depth": [4, 6]}}}},  # want `op.bulk_insert row writes a JSON document nested 4 levels deep into models.config`
    ])
    op.create_index("ix_models_deep", "models", [sa.text("(config->'params'->'grid'->>'depth')")])  # want `index ix_models_deep reaches 3 levels into config`
