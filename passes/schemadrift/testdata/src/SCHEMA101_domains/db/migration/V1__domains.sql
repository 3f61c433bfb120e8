-- a domain over json makes every column declared with it json
CREATE DOMAIN payload AS json CHECK (VALUE IS NOT NULL); -- want `domain payload is json, and columns webhooks.body, webhooks.headers use it: json is re-parsed on every read.*declare the domain over jsonb \[SCHEMA101\]`
-- a domain over jsonb, and a domain over that domain, are jsonb
CREATE DOMAIN document AS jsonb CHECK (jsonb_typeof(VALUE) = 'object');  -- ok: SCHEMA101 -- jsonb
CREATE DOMAIN profile AS document;
-- a domain no column uses is not reported
CREATE DOMAIN legacy_blob AS json;  -- ok: SCHEMA101 -- no column uses it
