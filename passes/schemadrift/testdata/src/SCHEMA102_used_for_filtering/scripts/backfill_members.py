from sqlalchemy import select, update

from app.models import Organization


def run(session):
    # A one-off backfill: a scan is fine.
    orgs = session.scalars(select(Organization).where(Organization.feature_settings.has_key("members")))
    for org in orgs:
        session.execute(update(Organization).where(Organization.id == org.id).values(feature_settings={}))
