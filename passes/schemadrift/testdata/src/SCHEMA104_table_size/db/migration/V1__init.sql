CREATE TABLE events (id bigint PRIMARY KEY, data jsonb);
CREATE TABLE registry (id bigint PRIMARY KEY, options jsonb);
