CREATE TABLE grants (
    id bigint PRIMARY KEY,
    customer_id bigint NOT NULL,
    member_id bigint,
    error jsonb,
    properties jsonb
);
CREATE INDEX CONCURRENTLY grants_customer_id ON grants (customer_id);
CREATE INDEX CONCURRENTLY grants_props ON grants USING gin (properties);
CREATE INDEX CONCURRENTLY grants_error ON grants USING gin (error);
CREATE TABLE customers (id bigint PRIMARY KEY, email text);
