CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE TABLE products (id bigint PRIMARY KEY, attrs jsonb);
-- a trigram GIN index on an extraction counts as a GIN index over the column...
CREATE INDEX products_name_trgm ON products USING gin ((attrs->>'name') gin_trgm_ops);
-- ... but ->> comparisons still need a B-tree index on the expression
SELECT id FROM products WHERE attrs->>'name' = 'lamp'; -- want `attrs->>'name' in WHERE is computed for every row of products`
-- and containment on the column needs a GIN index on the column itself
SELECT id FROM products WHERE attrs @> '{"color": "red"}'; -- want `filters products.attrs with @>, but the column has no GIN index`
