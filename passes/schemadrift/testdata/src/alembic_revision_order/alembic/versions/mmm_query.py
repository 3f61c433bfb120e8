from alembic import op

revision = "cafe"
down_revision = "f00d"


def upgrade():
    # jsonb_path_ops does not serve ? (the index came in the revision before)
    op.execute("DELETE FROM items WHERE attrs ? 'obsolete'")  # want `uses \? on items.attrs, whose GIN indexes all use jsonb_path_ops`
    op.execute("UPDATE items SET attrs = attrs - 'x' WHERE attrs @> '{\"x\": 1}'")
