-- ... but ->> comparisons still need a B-tree index on the expression
SELECT id FROM products WHERE attrs->>'name' = 'lamp'; -- want `attrs->>'name' in WHERE is computed for every row of products`
-- and containment on the column needs a GIN index on the column itself (SCHEMA102)
SELECT id FROM products WHERE attrs @> '{"color": "red"}';
