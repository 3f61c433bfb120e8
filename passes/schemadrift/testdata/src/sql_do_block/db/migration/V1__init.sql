CREATE TABLE events (id bigint PRIMARY KEY, data jsonb, meta jsonb);
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_indexes WHERE indexname = 'events_data') THEN
    CREATE INDEX events_data ON events USING gin (data);
  END IF;
  ALTER TABLE events ADD COLUMN legacy json; -- want `column events.legacy is json`
  -- format('%I') splices a name safely; a migration runs once: no SCHEMA501
  EXECUTE format('CREATE INDEX %I ON events (id)', 'events_' || 'id');  -- ok: SCHEMA501 -- format(%I) splices a name safely
  EXECUTE 'CREATE INDEX events_meta_kind ON events ((meta->>''kind''))';
END
$$;
