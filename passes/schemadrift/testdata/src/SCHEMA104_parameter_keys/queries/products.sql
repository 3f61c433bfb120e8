-- the key is a parameter: no expression index names it
SELECT id FROM products WHERE attrs->>$1 = $2; -- want `attrs->>\$1 in WHERE is computed for every row of products: its key is a parameter, so no expression index can serve it .*filter by containment, attrs @> jsonb_build_object\(\$1, <value>\), which a GIN index serves with CREATE INDEX CONCURRENTLY ON products USING gin \(attrs jsonb_path_ops\).*\[SCHEMA104\]`
SELECT id FROM labels WHERE tags->>$1 = 'yes'; -- want `tags->>\$1 in WHERE .*which a GIN index serves.*\[SCHEMA104\]`
-- a range has no containment form
SELECT id FROM products WHERE (attrs->>$1)::numeric > $2; -- want `\(attrs->>\$1\)::numeric in WHERE .*no index can serve a key chosen at run time`
-- UPDATE and DELETE filter the same way
UPDATE products SET attrs = attrs - $1 WHERE attrs->>$1 IS NOT NULL; -- want `attrs->>\$1 in WHERE .*no index can serve a key chosen at run time`
-- narrowed by an indexed foreign key first: the JSON test checks a few rows
SELECT id FROM products WHERE shop_id = $1 AND attrs->>$2 = $3;  -- ok: SCHEMA104 -- the shop's rows are found by products_shop
-- a constant key is served by its expression index
SELECT id FROM products WHERE attrs->>'color' = $1;  -- ok: SCHEMA104 -- products_color
-- outside a filter a parameter key is fine
SELECT attrs->>$1 FROM products WHERE id = $2;  -- ok: SCHEMA104 -- not a filter
