from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from app.models import Event, Product


def find(session: Session, kind: str, color: str):
    q = select(Event.id).where(Event.data["kind"].astext == kind)
    q = q.where(Event.data["color"].astext == color)  # want `Event.data\["color"\].astext in a filter renders ->> and is computed for every row of events.*contains\(\{"color": \.\.\.\}\).*\[SCHEMA104\]`
    q = q.where(Event.data["geo"]["city"].as_string() == "Paris")  # want `renders ->> and is computed for every row of events`
    q = q.where(Event.data.contains({"vip": True}))
    q = q.where(Event.data.has_key("coupon"))  # want `Event.data.has_key\("coupon"\) uses \? on events.data, whose GIN indexes all use jsonb_path_ops`
    q = q.where(Event.context.contains({"ab": "b"}))
    q = q.where(Event.data["a"]["b"]["c"].astext == "x")  # want `reaches 3 levels into data` `Event.data\["a"\]\["b"\]\["c"\].astext in a filter`
    return session.execute(q)


def labels(session: Session):
    # not a filter: select list
    return session.execute(select(Event.data["kind"].astext, Product.attrs["size"].astext))


def by_customer(session: Session, cid: str):
    return session.query(Event).filter(Event.data["customer_id"].astext == cid).all()  # want `business key customer_id is extracted from JSON in a filter.*\[SCHEMA106\]`
