CREATE INDEX events_kind ON events (kind); -- want `index events_kind is built on existing table events, which is large or hot .* without CONCURRENTLY: the build blocks every write.*\[SCHEMA401\]`
CREATE UNIQUE INDEX IF NOT EXISTS events_kind_id ON public.events (kind, id); -- want `index events_kind_id is built on existing table events`
CREATE INDEX CONCURRENTLY events_kind2 ON events (lower(kind));
-- a table the history never creates exists already
CREATE INDEX legacy_idx ON legacy (id); -- want `index legacy_idx is built on existing table legacy`
