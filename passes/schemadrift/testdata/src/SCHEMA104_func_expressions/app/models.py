from sqlalchemy import BigInteger, Index, String, func, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Account(Base):
    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    profile: Mapped[dict] = mapped_column(JSONB)
    email: Mapped[str] = mapped_column(String)
    name: Mapped[str] = mapped_column(String)


Index("ix_accounts_email_lower", func.lower(Account.profile["email"].astext))
Index("ix_accounts_name", text("(profile->>'name')"))
Index("ix_accounts_city", func.coalesce(Account.profile["city"].astext, ""))
Index("ix_accounts_login", func.lower(Account.email))
Index("ix_accounts_plain_name", Account.name)
