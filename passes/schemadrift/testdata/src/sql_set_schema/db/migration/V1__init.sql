CREATE TABLE items (id bigint, attrs jsonb);
CREATE SCHEMA catalog;
ALTER TABLE items SET SCHEMA catalog;
CREATE INDEX items_attrs ON catalog.items USING gin (attrs);
SELECT id FROM catalog.items WHERE attrs ? 'sale';
