CREATE TABLE products (
    id bigint PRIMARY KEY,
    shop_id bigint NOT NULL REFERENCES shops (id),
    attrs jsonb NOT NULL
);
CREATE INDEX products_shop ON products (shop_id);
CREATE INDEX products_color ON products ((attrs->>'color'));
CREATE TABLE labels (id bigint PRIMARY KEY, tags jsonb NOT NULL);
CREATE INDEX labels_tags ON labels USING gin (tags);
