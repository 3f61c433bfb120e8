CREATE SCHEMA analytics;
SET search_path TO "$user", analytics, public;
-- created in analytics: a same-named table of another schema is another table
CREATE TABLE events (
    id bigint PRIMARY KEY,
    data jsonb NOT NULL  -- ok: SCHEMA102 -- its GIN index is below, in the same schema
);
CREATE INDEX events_data ON events USING gin (data);
RESET search_path;
CREATE TABLE audit (
    id bigint PRIMARY KEY,
    data jsonb NOT NULL  -- ok: SCHEMA102 -- created in public after RESET, with its GIN index
);
CREATE INDEX audit_data ON public.audit USING gin (data);
