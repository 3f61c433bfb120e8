CREATE TABLE ledger (id bigint PRIMARY KEY, data jsonb); -- want `table ledger keeps business key account_id only inside JSON`
CREATE INDEX CONCURRENTLY ledger_data ON ledger USING gin (data);
CREATE INDEX CONCURRENTLY ledger_customer ON ledger ((data->>'customer_id'));
SELECT id FROM ledger WHERE data->>'customer_id' = '1';
SELECT id FROM ledger WHERE data->>'account_id' = '1'; -- want `business key account_id is extracted from JSON in WHERE`
