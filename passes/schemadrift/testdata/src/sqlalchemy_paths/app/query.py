from sqlalchemy import select

from app.models import Event


def by_city(city):
    # a tuple path renders #>>: the index on (data #>> '{geo,city}') serves it
    return select(Event).where(Event.data[("geo", "city")].astext == city)


def by_zip(code):
    return select(Event).filter(Event.data[("geo", "zip")].astext == code)  # want `Event.data\[\("geo", "zip"\)\].astext in a filter`


def shallow():
    # containment and key tests are served by the default GIN index
    return select(Event).where(Event.data.contains({"a": 1}), Event.data.has_key("b"), Event.data.has_all(["c"]))
