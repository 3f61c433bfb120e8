from alembic import context


def run_migrations_online():
    connectable = context.config.attributes.get("connection")
    context.configure(connection=connectable, transactional_ddl=False)
    with context.begin_transaction():
        context.run_migrations()
