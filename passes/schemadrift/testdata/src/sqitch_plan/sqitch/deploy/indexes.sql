-- "indexes" sorts before "tables" by name but the plan deploys it second
BEGIN;
CREATE INDEX items_attrs ON items USING gin (attrs); -- want `index items_attrs is built on existing table items without CONCURRENTLY.*\(a note: nothing in the repository shows that`
COMMIT;
