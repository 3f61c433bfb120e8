from sqlalchemy import BigInteger, Index, func, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Account(Base):
    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    profile: Mapped[dict] = mapped_column(JSONB)


Index("ix_accounts_email_lower", func.lower(Account.profile["email"].astext))
Index("ix_accounts_name", text("(profile->>'name')"))
Index("ix_accounts_city", func.coalesce(Account.profile["city"].astext, ""))
