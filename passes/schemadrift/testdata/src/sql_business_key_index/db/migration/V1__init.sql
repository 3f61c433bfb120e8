CREATE TABLE carts (id bigint PRIMARY KEY, data jsonb NOT NULL); -- want `table carts keeps business key customer_id only inside JSON`
CREATE INDEX carts_data ON carts USING gin (data);
-- an index on the key inside JSON is evidence the table keeps it there
CREATE INDEX carts_customer ON carts ((data->>'customer_id'));
