CREATE TABLE orders (
    id bigint PRIMARY KEY,
    attrs jsonb -- want `orders.attrs has no GIN index at the end.*\[SCHEMA102\]`
);
CREATE INDEX orders_attrs ON orders USING gin (attrs);
