-- The product filters both columns by containment: attrs needs a GIN index.
SELECT id FROM orders WHERE attrs @> '{"vip": true}';
SELECT id FROM orders WHERE extra @> '{"gift": true}';
