-- an index added by a later migration counts
CREATE INDEX CONCURRENTLY orders_attrs ON orders USING gin (attrs jsonb_path_ops);
-- a GIN index on an expression over the column counts too
CREATE INDEX CONCURRENTLY orders_notes_tags ON orders USING gin ((notes->'tags'));
