-- the features table
CREATE TABLE features (id bigint PRIMARY KEY, data jsonb); -- TODO index  -- want "todo marker in sql"
SELECT 1;
