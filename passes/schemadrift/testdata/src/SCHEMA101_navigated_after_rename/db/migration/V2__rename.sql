SET lock_timeout = '5s';
ALTER TABLE webhooks RENAME COLUMN payload TO body;
ALTER TABLE webhooks RENAME TO webhook_deliveries;
