CREATE TABLE events (id bigint PRIMARY KEY, kind text);
CREATE TABLE audit_log (id bigint PRIMARY KEY, actor text);
CREATE TABLE measurements (id bigint, at timestamptz NOT NULL, value float8) PARTITION BY RANGE (at);
CREATE TABLE tags (id bigint PRIMARY KEY, name text);
