from sqlalchemy.orm import Session


def save_config(db: Session, data):
    db.add(data)
    db.commit()


class BaseStore:
    """A base class of the repository: no outside interface."""
