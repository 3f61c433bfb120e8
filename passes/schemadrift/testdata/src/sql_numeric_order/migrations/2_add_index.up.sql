-- 2 runs before 10: the table exists and the index is on an existing table
CREATE INDEX docs_body ON docs USING gin (body); -- want `index docs_body is built on existing table docs without CONCURRENTLY.*\(a note: nothing in the repository shows that`
