from sqlalchemy import text

INDEX_NAME = "ix_chat_session_user"
CHANNEL = "automation_changes"


def create_tenant(connection, tenant_id: str) -> None:
    # Names cannot be bound parameters: interpolating identifiers is the only way.
    connection.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{tenant_id}"'))  # ok: SCHEMA501 -- an interpolated identifier, not a value
    connection.execute(text(f'SET search_path TO "{tenant_id}"'))
    connection.execute(text(f"GRANT USAGE ON SCHEMA public TO {tenant_id}"))
    connection.execute(text(f'DROP INDEX IF EXISTS "{tenant_id}".{INDEX_NAME}'))


def count_rows(connection, table: str, org_id: int):
    # The name is interpolated, the value is bound: nothing to advise.
    return connection.execute(text(f'SELECT count(*) FROM "{table}" WHERE org_id = :org_id'), {"org_id": org_id})


def notify(connection, payload_json: str):
    connection.execute(text(f"NOTIFY {CHANNEL}, '{payload_json}'"))  # want `SQL built at run time \(f-string\) interpolates payload_json as a value into a statement that takes no bound parameters.*set_config, pg_notify.*\[SCHEMA501\]`


def find(connection, slug: str, where: str):
    connection.execute(text(f"SELECT id FROM organizations WHERE slug = '{slug}'"))  # want `interpolates slug where a value stands.*pass it as a bound parameter \[SCHEMA501\]`
    return connection.execute(text(f"SELECT id FROM organizations WHERE {where}"))  # want `SQL assembled at run time from fragments \(where\) is not analysed.*\[SCHEMA501\]`


class Search:
    _similarity_threshold = 0.5
    LIMIT = 20

    @classmethod
    def tune(cls, session):
        # Constants of the code, not input: nothing to report.
        session.execute(text(f"SET pg_trgm.word_similarity_threshold = {cls._similarity_threshold}"))
        session.execute(text("SET pg_trgm.similarity_threshold = " + str(cls.LIMIT)))


class RecipeSearch(Search):
    @classmethod
    def tune_inherited(cls, session):
        # An attribute of a base class: still configuration.
        session.execute(text(f"SET pg_trgm.word_similarity_threshold = {cls._fuzzy_threshold}"))
