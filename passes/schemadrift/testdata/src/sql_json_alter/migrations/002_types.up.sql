-- raw and meta become json here, but 003 converts raw back and drops meta:
-- an applied migration cannot be edited, so only json that is still json
-- at the end of the history is reported
ALTER TABLE events ALTER COLUMN raw TYPE json USING raw::json;
ALTER TABLE events ADD COLUMN meta json;
ALTER TABLE events ADD COLUMN notes json; -- want `column events.notes is json: .*\[SCHEMA101\]`
ALTER TABLE events ADD COLUMN extra text;
ALTER TABLE events ALTER COLUMN extra TYPE json USING extra::json; -- want `column events.extra is json`
ALTER TABLE events ALTER COLUMN payload TYPE jsonb;
