from sqlalchemy import JSON, BigInteger, Column, text
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class Dataset(Base):
    __tablename__ = "ctl_datasets"

    id = Column(BigInteger, primary_key=True)
    fides_meta = Column(JSON)  # want `column ctl_datasets.fides_meta is json, yet ds.fides_meta->>'redact' \(app/models.py:\d+\) navigates inside it.*\[SCHEMA101\]`


def redacted(session):
    return session.execute(text("SELECT ds.id FROM ctl_datasets ds WHERE ds.fides_meta->>'redact' = 'yes'"))  # want `ds.fides_meta->>'redact' in WHERE is computed for every row of ctl_datasets.*\[SCHEMA104\]`
