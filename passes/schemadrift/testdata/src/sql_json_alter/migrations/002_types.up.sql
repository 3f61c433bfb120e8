ALTER TABLE events ALTER COLUMN raw TYPE json USING raw::json; -- want `column events.raw is json: .*\[SCHEMA101\]`
ALTER TABLE events ADD COLUMN meta json; -- want `column events.meta is json`
ALTER TABLE events ALTER COLUMN payload TYPE jsonb;
