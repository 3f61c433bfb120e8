SET lock_timeout = '5s';
ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id); -- want `validates a foreign key on existing table orders while adding it.*add it NOT VALID and VALIDATE CONSTRAINT in a later transaction \[SCHEMA404\]`
ALTER TABLE orders ADD CONSTRAINT orders_seller_fk FOREIGN KEY (seller_id) REFERENCES customers (id) NOT VALID;  -- ok: SCHEMA404 -- added NOT VALID, validated later
