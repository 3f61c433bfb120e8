CREATE TABLE customer_features (
    customer_id bigint NOT NULL,
    event_time timestamptz NOT NULL,
    valid_to timestamptz,
    is_current boolean NOT NULL DEFAULT true,
    features jsonb NOT NULL
);
CREATE TABLE staging_rows (customer_id bigint, payload jsonb);
CREATE TABLE devices (id bigint PRIMARY KEY, info jsonb NOT NULL);
