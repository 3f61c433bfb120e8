CREATE TABLE orders (id bigint PRIMARY KEY, created_at timestamptz, status text, total numeric);
CREATE INDEX CONCURRENTLY orders_created_at ON orders (created_at);
CREATE INDEX CONCURRENTLY orders_total ON orders (total);
CREATE INDEX CONCURRENTLY orders_status ON orders (status);
-- a table created by the same migration has no readers yet
CREATE TABLE scratch (id bigint);
CREATE INDEX scratch_id ON scratch (id);
DROP INDEX scratch_id;
CREATE TABLE legacy (id bigint, kind text);
CREATE INDEX CONCURRENTLY legacy_kind ON legacy (kind);
