-- CockroachDB builds indexes online; its json is jsonb.
CREATE TABLE users (id UUID PRIMARY KEY, traits JSON NOT NULL, name STRING, INVERTED INDEX (traits));
