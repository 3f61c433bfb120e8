BEGIN;
CREATE TABLE items (id bigint PRIMARY KEY, attrs jsonb);
COMMIT;
