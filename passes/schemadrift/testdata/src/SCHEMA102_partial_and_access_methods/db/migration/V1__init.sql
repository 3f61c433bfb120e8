CREATE TABLE tickets (
    id bigint PRIMARY KEY,
    tenant_id bigint NOT NULL,
    closed boolean NOT NULL DEFAULT false,
    labels jsonb NOT NULL,  -- want `jsonb column tickets.labels has only partial GIN indexes, and labels @> '\["urgent"\]' \(queries/tickets.sql:\d+\) filters it with @> outside their rows \(tickets_labels_open covers only WHERE NOT closed, which the query's filter does not imply\).*\[SCHEMA102\]`
    meta jsonb NOT NULL,  -- ok: SCHEMA102 -- the partial index serves the query, whose filter implies its predicate
    attrs jsonb NOT NULL,  -- want `jsonb column tickets.attrs has no GIN index .* filters it with @>`
    flags jsonb NOT NULL,
    notes jsonb NOT NULL  -- ok: SCHEMA102 -- the second column of a multi-column GIN index is indexed too
);
CREATE INDEX tickets_labels_open ON tickets USING gin (labels) WHERE NOT closed;
CREATE INDEX tickets_meta_open ON tickets USING gin (meta jsonb_path_ops) WHERE NOT closed;
-- a B-tree or hash index on a jsonb column serves none of its operators
CREATE INDEX tickets_attrs_btree ON tickets (attrs);
-- a multi-column GIN index serves each of its columns, not only the first
CREATE INDEX tickets_flags_notes ON tickets USING gin (flags, notes jsonb_path_ops);
