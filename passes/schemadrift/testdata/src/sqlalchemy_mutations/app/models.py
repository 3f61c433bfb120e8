from sqlalchemy import BigInteger, Boolean, Column, DateTime, Index
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class CustomerFeatures(Base):
    __tablename__ = "customer_features"
    __table_args__ = (Index("ix_customer_features_features", "features", postgresql_using="gin"),)

    customer_id = Column(BigInteger, primary_key=True)
    valid_from = Column(DateTime(timezone=True), nullable=False)
    valid_to = Column(DateTime(timezone=True))
    is_current = Column(Boolean, default=True)
    features = Column(JSONB, nullable=False)


class Order(Base):
    __tablename__ = "orders"

    id = Column(BigInteger, primary_key=True)
    status = Column(BigInteger)
