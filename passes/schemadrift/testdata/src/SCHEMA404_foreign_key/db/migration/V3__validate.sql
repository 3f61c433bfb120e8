ALTER TABLE orders VALIDATE CONSTRAINT orders_seller_fk;
