from alembic import command
from alembic.config import Config


def init():
    command.upgrade(Config("alembic.ini"), "head")
