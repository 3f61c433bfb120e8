-- SQL for another database is not read: no syntax error, no finding
CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, doc JSON);
PRAGMA journal_mode = WAL;
