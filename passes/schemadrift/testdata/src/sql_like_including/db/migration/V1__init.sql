CREATE TABLE template_docs (id bigint PRIMARY KEY, doc jsonb);
CREATE INDEX template_docs_doc ON template_docs USING gin (doc);
-- LIKE ... INCLUDING ALL copies the GIN index; INCLUDING DEFAULTS does not
CREATE TABLE docs_copy (LIKE template_docs INCLUDING ALL);
CREATE TABLE docs_bare (LIKE template_docs INCLUDING DEFAULTS); -- want `jsonb column docs_bare.doc has no GIN index`
