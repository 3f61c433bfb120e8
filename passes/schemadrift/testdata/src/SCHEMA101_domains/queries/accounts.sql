-- a column of a domain over jsonb is judged as jsonb
SELECT id FROM accounts WHERE settings @> '{"beta": true}';
SELECT id FROM accounts WHERE settings->>'plan' = 'pro'; -- want `settings->>'plan' in WHERE is computed for every row of accounts.*\[SCHEMA104\]`
