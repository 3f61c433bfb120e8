from sqlalchemy import BigInteger, Column, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class Dataset(Base):
    __tablename__ = "ctl_datasets"

    id = Column(BigInteger, primary_key=True)
    fides_meta = Column(JSONB)  # ok: SCHEMA101 -- the model says jsonb


def redacted(session):
    return session.execute(text("SELECT ds.id FROM ctl_datasets ds WHERE ds.fides_meta->>'redact' = 'yes'"))  # want `ds.fides_meta->>'redact' in WHERE is computed for every row of ctl_datasets.*\[SCHEMA104\]`
