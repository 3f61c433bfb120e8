CREATE SCHEMA "Sales";
CREATE TABLE "Sales"."Orders" ("Id" bigint PRIMARY KEY, "Attrs" jsonb);
CREATE TABLE "Sales".orders (id bigint PRIMARY KEY, attrs jsonb); -- want `jsonb column Sales.orders.attrs has no GIN index`
CREATE INDEX "Orders_Attrs" ON "Sales"."Orders" USING gin ("Attrs");
-- unquoted Sales folds to sales, another schema: this index is not on "Sales".orders
CREATE INDEX orders_attrs ON Sales.orders USING gin (attrs); -- want `index orders_attrs is built on existing table sales.orders without CONCURRENTLY.*\[SCHEMA401\]`
