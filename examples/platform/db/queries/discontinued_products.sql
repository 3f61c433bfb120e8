-- Products whose attributes carry a "discontinued" flag.

-- Containment works with the jsonb_path_ops GIN index.
SELECT pf.product_id, pf.event_time
FROM product_features pf
WHERE pf.attributes @> '{"discontinued": true}';

-- acr finds: ? on product_features.attributes, whose only GIN index is jsonb_path_ops
SELECT pf.product_id, pf.event_time
FROM product_features pf
WHERE pf.attributes ? 'discontinued';
