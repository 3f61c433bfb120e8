CREATE TABLE orders (
    id bigint PRIMARY KEY,
    attrs jsonb, -- want `jsonb column orders.attrs has no GIN index at the end of the migration history.*\[SCHEMA102\]`
    extra jsonb  -- ok: SCHEMA101 -- jsonb, as the plan wants
);
CREATE INDEX CONCURRENTLY orders_extra ON orders USING gin (extra);
