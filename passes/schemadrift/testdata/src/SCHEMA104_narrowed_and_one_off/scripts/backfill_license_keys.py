from sqlalchemy import select

from app.models import Grant


def run(session, key_id):
    # A one-off script: a scan is fine.
    return session.scalars(select(Grant).where(Grant.properties["license_key_id"].as_string() == key_id))
