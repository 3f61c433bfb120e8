CREATE TABLE customers (
    id bigint PRIMARY KEY
);
CREATE TABLE orders (
    id bigint PRIMARY KEY,
    customer_id bigint NOT NULL,
    status text NOT NULL,
    deleted_at timestamptz,
    archived boolean NOT NULL DEFAULT false,
    priority int NOT NULL DEFAULT 0,
    data jsonb NOT NULL
);
-- hash serves = only
CREATE INDEX orders_country_hash ON orders USING hash ((data->>'country'));
-- a pattern operator class serves = and LIKE 'prefix%', not < or >
CREATE INDEX orders_sku_pattern ON orders ((data->>'sku') text_pattern_ops);
-- partial indexes serve the queries whose filter implies their predicate
CREATE INDEX orders_kind_live ON orders ((data->>'kind')) WHERE deleted_at IS NULL;
CREATE INDEX orders_channel_open ON orders ((data->>'channel')) WHERE status IN ('open', 'pending');
CREATE INDEX orders_region_urgent ON orders ((data->>'region')) WHERE priority > 5 AND NOT archived;
