from sqlalchemy import and_, select

from app.models import Account


def at_risk(tiers: list[str]):
    q = select(Account.id)
    # ranges and other non-equality tests: .contains() cannot express them
    q = q.where(Account.profile["support_tickets"].as_integer() >= 3)  # want `Account.profile\["support_tickets"\].as_integer\(\) in a filter .*\.contains\(\) \(@>\) tests equality only and cannot express this test, so add an expression index on it or keep support_tickets in a relational \(or generated\) column`
    q = q.where(Account.profile["tier"].astext != "free")  # want `Account.profile\["tier"\].astext in a filter .*tests equality only`
    q = q.where(Account.profile["email"].astext.like("%@example.com"))  # want `Account.profile\["email"\].astext in a filter .*tests equality only`
    q = q.where(Account.profile["closed_at"].astext.is_(None))  # want `Account.profile\["closed_at"\].astext in a filter .*tests equality only`
    # equality: containment can replace it
    q = q.where(Account.profile["plan"].astext == "pro")  # want `Account.profile\["plan"\].astext in a filter .*filter with \.contains\(\{"plan": \.\.\.\}\)`
    q = q.where(Account.profile["region"].astext.in_(["eu", "us"]))  # want `filter with \.contains\(\{"region": \.\.\.\}\)`
    q = q.where(Account.profile["lang"].as_string().in_(tiers))  # want `filter with \.contains\(\{"lang": \.\.\.\}\)`
    q = q.where(Account.profile["vip"].as_boolean().is_(True))  # want `filter with \.contains\(\{"vip": \.\.\.\}\)`
    q = q.where(and_(Account.profile["beta"].as_boolean(), Account.id > 10))  # want `filter with \.contains\(\{"beta": \.\.\.\}\)`
    return q
