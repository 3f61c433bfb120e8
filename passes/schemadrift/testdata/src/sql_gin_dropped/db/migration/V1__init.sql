CREATE TABLE orders (
    id bigint PRIMARY KEY,
    attrs jsonb -- want `orders.attrs has no GIN index at the end.*attrs \? .coupon. \(queries/orders.sql:1\) filters it with \?.*USING gin \(attrs\) \[SCHEMA102\]`
);
CREATE INDEX orders_attrs ON orders USING gin (attrs);
