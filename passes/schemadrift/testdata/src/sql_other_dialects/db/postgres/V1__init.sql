CREATE TABLE t (id bigint PRIMARY KEY, doc json); -- want `column t.doc is json`
