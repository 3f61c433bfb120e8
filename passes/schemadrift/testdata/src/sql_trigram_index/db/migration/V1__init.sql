CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE TABLE products (id bigint PRIMARY KEY, attrs jsonb); -- want `jsonb column products.attrs has no GIN index at the end of the migration history, yet attrs @> .* \(queries/products.sql:4\) filters it with @>.*USING gin \(attrs jsonb_path_ops\) \[SCHEMA102\]`
-- a trigram GIN index on an extraction counts as a GIN index over the column...
CREATE INDEX products_name_trgm ON products USING gin ((attrs->>'name') gin_trgm_ops);
