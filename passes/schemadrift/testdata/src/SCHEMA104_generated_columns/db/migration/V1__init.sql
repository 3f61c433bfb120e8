CREATE TABLE invoices (
    id bigint PRIMARY KEY,
    data jsonb NOT NULL,
    currency text GENERATED ALWAYS AS (data->>'currency') STORED,
    total numeric GENERATED ALWAYS AS ((data->>'total')::numeric) STORED
);
CREATE INDEX invoices_total ON invoices (total);
