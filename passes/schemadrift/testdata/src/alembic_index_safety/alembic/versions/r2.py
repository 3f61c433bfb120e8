from alembic import op

revision = "r2"
down_revision = "r1"


def upgrade():
    op.create_index("ix_events_kind", "events", ["kind"])  # want `index ix_events_kind is built on existing table events, which is large or hot .* without CONCURRENTLY.*use postgresql_concurrently=True outside the migration.s transaction \(with op.get_context\(\).autocommit_block\(\):\) \[SCHEMA401\]`
    op.create_index("ix_events_kind2", "events", ["kind"], postgresql_concurrently=True)  # want `create_index\(postgresql_concurrently=True\) runs inside a transaction block \(Alembic runs each migration in a transaction\).*wrap it in with op.get_context\(\).autocommit_block\(\): \[SCHEMA402\]`
    with op.get_context().autocommit_block():
        op.create_index("ix_events_kind3", "events", ["kind"], postgresql_concurrently=True)  # ok: SCHEMA401, SCHEMA402 -- concurrently, in an autocommit block
        op.execute("CREATE INDEX CONCURRENTLY ix_events_kind4 ON events (lower(kind))")
    # want +1 `CREATE INDEX CONCURRENTLY runs inside a transaction block \(Alembic runs each migration in a transaction\)`
    op.execute("CREATE INDEX CONCURRENTLY ix_events_kind5 ON events (upper(kind))")
    with op.batch_alter_table("events") as batch_op:
        batch_op.create_index("ix_events_id_kind", ["id", "kind"])  # want `index ix_events_id_kind is built on existing table events`
