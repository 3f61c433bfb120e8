from sqlalchemy import select

from app.models import Customer, Grant


def errored_for_customer(session, customer_id, error_type):
    statement = select(Grant).where(
        Grant.customer_id == customer_id,
        Grant.error["type"].as_string() == error_type,
    )
    return session.scalars(statement)


def errored_for_customer_chained(session, customer_id, error_type):
    statement = select(Grant).where(Grant.customer_id == customer_id).where(Grant.error["type"].astext == error_type)
    return session.scalars(statement)


def errored_for_member(session, member_id, error_type):
    statement = select(Grant).where(
        Grant.member_id == member_id,
        Grant.error["type"].as_string() == error_type,  # want `Grant.error\["type"\].as_string\(\) in a filter renders ->> and is computed for every row of grants.*\[SCHEMA104\]`
    )
    return session.scalars(statement)


def errored_for_email(session, email, error_type):
    # The join on the indexed customer_id narrows grants once customers is restricted.
    statement = (
        select(Grant)
        .join(Customer, Grant.customer_id == Customer.id)
        .where(Customer.email == email, Grant.error["type"].astext == error_type)
    )
    return session.scalars(statement)


def errored_in_steps(session, customer_id, error_type=None):
    # Built in steps: the first assignment's customer_id runs on every path.
    statement = select(Grant).where(Grant.customer_id == customer_id)
    if error_type is not None:
        statement = statement.where(Grant.error["type"].astext == error_type)
    return session.scalars(statement)


def errored_in_branch(session, customer_id, member_id, error_type):
    # The customer_id filter only runs on one branch: it narrows nothing.
    statement = select(Grant)
    if customer_id is not None:
        statement = statement.where(Grant.customer_id == customer_id)
    statement = statement.where(Grant.member_id == member_id)
    statement = statement.where(Grant.error["type"].astext == error_type)  # want `Grant.error\["type"\].astext in a filter renders ->> and is computed for every row of grants.*\[SCHEMA104\]`
    return session.scalars(statement)
