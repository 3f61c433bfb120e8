UPDATE sessions SET ctx = ctx - 'tmp' WHERE ctx @> '{"tmp": true}'; -- want `ctx @> '\{"tmp": true\}' filters sessions.ctx with @>, but the column has no GIN index.*jsonb_path_ops\) \[SCHEMA103\]`
DELETE FROM sessions WHERE ctx ? 'expired'; -- want `filters sessions.ctx with \?, but the column has no GIN index.*USING gin \(ctx\) \[SCHEMA103\]`
UPDATE visits SET ctx = ctx - 'tmp' WHERE ctx @> '{"tmp": true}';
