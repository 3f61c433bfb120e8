from sqlalchemy import func, select, text

from app.models import Account


def by_email(session, email):
    # ok: SCHEMA104 -- ix_accounts_email_lower is on lower(profile->>'email')
    return session.execute(select(Account.id).where(func.lower(Account.profile["email"].astext) == email.lower()))


def by_email_exact(session, email):
    return session.execute(select(Account.id).where(Account.profile["email"].astext == email))  # want `Account.profile\["email"\].astext in a filter renders ->> and is computed for every row of accounts`


def by_name_folded(session, name):
    return session.execute(select(Account.id).where(func.lower(Account.profile["name"].astext) == name))  # want `func.lower\(Account.profile\["name"\].astext\) in a filter renders ->> and is computed for every row of accounts`


def by_name(session, name):
    # ok: SCHEMA104 -- ix_accounts_name is on profile->>'name'
    return session.execute(select(Account.id).where(Account.profile["name"].astext == name))


def by_city(session, city):
    # ok: SCHEMA104 -- ix_accounts_city is on coalesce(profile->>'city', '')
    return session.execute(select(Account.id).where(func.coalesce(Account.profile["city"].astext, "") == city))


def by_email_sql(session, email):
    # ok: SCHEMA104 -- the same expression index serves the SQL spelling
    return session.execute(text("SELECT id FROM accounts WHERE lower(profile->>'email') = :e"), {"e": email})


def by_name_sql(session, name):
    return session.execute(text("SELECT id FROM accounts WHERE lower(profile->>'name') = :n"), {"n": name})  # want `lower\(profile->>'name'\) in WHERE is computed for every row of accounts`


def by_login_and_theme(session, login, theme):
    # ok: SCHEMA104 -- ix_accounts_login on lower(email) finds the rows first
    return session.execute(select(Account.id).where(func.lower(Account.email) == login.lower(), Account.profile["theme"].astext == theme))


def by_folded_name_and_theme(session, name, theme):
    # the index on name does not serve lower(name): the theme test reads every row
    return session.execute(select(Account.id).where(func.lower(Account.name) == name, Account.profile["theme"].astext == theme))  # want `Account.profile\["theme"\].astext in a filter renders ->> and is computed for every row of accounts`


def by_name_and_theme(session, name, theme):
    # ok: SCHEMA104 -- ix_accounts_plain_name finds the rows first
    return session.execute(select(Account.id).where(Account.name == name, Account.profile["theme"].astext == theme))
