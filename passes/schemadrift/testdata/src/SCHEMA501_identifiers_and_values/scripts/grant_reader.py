from sqlalchemy import text


def run(conn, read_user: str, org_id: str):
    # A one-off script: no note, whatever it interpolates.
    conn.execute(text(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {read_user}"))
    conn.execute(text(f"UPDATE organizations SET status = 'x' WHERE id = '{org_id}'"))
