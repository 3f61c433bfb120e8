from sqlalchemy.orm import Session


def get_session():
    with Session() as s:
        yield s
