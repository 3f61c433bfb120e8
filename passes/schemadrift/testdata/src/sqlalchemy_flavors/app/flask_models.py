from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.dialects.postgresql import JSONB

db = SQLAlchemy()


class Job(db.Model):
    __tablename__ = "jobs"
    __table_args__ = (db.Index("ix_jobs_spec", "spec", postgresql_using="gin"),)

    id = db.Column(db.Integer, primary_key=True)
    spec = db.Column(JSONB)
    result = db.Column(db.JSON)  # want `column jobs.result is json`
