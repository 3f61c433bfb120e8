CREATE TABLE orders (id bigint PRIMARY KEY, attrs jsonb, notes jsonb);
