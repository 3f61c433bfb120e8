from sqlalchemy import text


def by_attribute(conn, key, value):
    return conn.execute(
        text("SELECT id FROM products WHERE attrs->>:key = :value"),  # want `attrs->>:key in WHERE .*attrs @> jsonb_build_object\(:key, <value>\)`
        {"key": key, "value": value},
    )
