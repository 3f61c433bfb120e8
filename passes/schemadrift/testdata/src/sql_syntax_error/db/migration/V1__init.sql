CREATE TABLE a (id bigint PRIMARY KEY, doc jsonb);
CREATE TABLE b (id bigint,, doc jsonb); -- want `syntax error at or near "," \[ACR001\]`
CREATE TABLE c (id bigint, doc json); -- want `column c.doc is json`
CREATE INDEX CONCURRENTLY a_doc ON a USING gin (doc);
SELECT $$unterminated -- want `unterminated dollar-quoted string at or near .*\[ACR001\]`
