from alembic import op

revision = "002"
down_revision = "001"


def upgrade():
    op.drop_index(op.f("ix_orders_attrs"), table_name="orders")  # want `DROP INDEX|drop_index.*\[SCHEMA403\]`


def downgrade():
    # downgrade is never replayed
    op.create_index("ix_orders_attrs", "orders", ["attrs"], postgresql_using="gin")
