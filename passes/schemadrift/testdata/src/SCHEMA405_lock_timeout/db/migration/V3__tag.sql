ALTER TABLE orders ADD COLUMN tag text; -- want `ALTER TABLE orders takes an ACCESS EXCLUSIVE lock on existing table orders with no lock_timeout set, unlike other migrations of this history.*once where the migrations run \[SCHEMA405\]`
-- VALIDATE CONSTRAINT takes a weaker lock
ALTER TABLE orders VALIDATE CONSTRAINT orders_pkey;
