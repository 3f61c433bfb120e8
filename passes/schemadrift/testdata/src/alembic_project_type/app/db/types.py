import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.types import TypeDecorator


class JSON(TypeDecorator):
    """The project's JSON type: JSONB on PostgreSQL."""

    impl = JSONB
    cache_ok = True


class LooseJSON(TypeDecorator):
    impl = sa.JSON
    cache_ok = True


Document = JSONB
