CREATE TABLE settings (id bigint PRIMARY KEY, doc jsonb);
CREATE INDEX settings_doc ON settings USING gin (doc);
ALTER TABLE settings ALTER COLUMN doc SET DEFAULT '{"ui": {"theme": {"dark": true}}}'::jsonb; -- want `default writes a JSON document nested 3 levels deep into settings.doc`
ALTER TABLE settings ALTER COLUMN doc SET DEFAULT '{"ui": {"theme": "dark"}}'::jsonb;
INSERT INTO settings VALUES (1, '[[["deep"]]]'); -- want `seed INSERT writes a JSON document nested 3 levels deep into settings.doc`
INSERT INTO settings VALUES (2, '[["two"]]');
