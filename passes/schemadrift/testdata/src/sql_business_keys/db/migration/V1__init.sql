CREATE TABLE customers (id bigint PRIMARY KEY, profile jsonb);
CREATE TABLE orders ( -- want `table orders keeps business key customer_id only inside JSON.*add a customer_id column with a foreign key \[SCHEMA106\]`
    id bigint PRIMARY KEY,
    data jsonb NOT NULL
);
CREATE TABLE invoices (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers(id), data jsonb); -- want `table invoices keeps business key product_id only inside JSON`
CREATE INDEX CONCURRENTLY customers_profile ON customers USING gin (profile);
CREATE INDEX CONCURRENTLY orders_data ON orders USING gin (data);
CREATE INDEX CONCURRENTLY invoices_data ON invoices USING gin (data);
