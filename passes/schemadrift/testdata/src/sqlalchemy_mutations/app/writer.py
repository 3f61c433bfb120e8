from datetime import datetime, timezone

from sqlalchemy import delete, update
from sqlalchemy.dialects.postgresql import insert

from app.models import CustomerFeatures, Order


def overwrite(session, cid, features):
    session.execute(update(CustomerFeatures).where(CustomerFeatures.customer_id == cid).values(features=features))  # want `update\(\) on feature table customer_features in application code rewrites feature history.*\[SCHEMA202\]`


def close_and_append(session, cid, features):
    now = datetime.now(timezone.utc)
    session.execute(
        update(CustomerFeatures)
        .where(CustomerFeatures.customer_id == cid, CustomerFeatures.is_current)
        .values(valid_to=now, is_current=False)
    )
    session.execute(insert(CustomerFeatures).values(customer_id=cid, valid_from=now, features=features))


def upsert(session, rows):
    stmt = insert(CustomerFeatures).values(rows)
    session.execute(stmt.on_conflict_do_nothing())
    session.execute(insert(CustomerFeatures).values(rows).on_conflict_do_update(index_elements=["customer_id"], set_={"features": stmt.excluded.features}))  # want `insert\(\).on_conflict_do_update\(\) on feature table customer_features`


def purge(session, cid):
    session.query(CustomerFeatures).filter(CustomerFeatures.customer_id == cid).delete()  # want `delete\(\) on feature table customer_features`
    session.execute(delete(Order).where(Order.id == cid))
    session.query(Order).filter(Order.id == cid).update({Order.status: 2})
