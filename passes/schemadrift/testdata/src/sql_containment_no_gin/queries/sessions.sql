-- The product's queries: these make sessions.ctx a column used for filtering.
SELECT id FROM sessions WHERE ctx @> '{"tmp": true}';
DELETE FROM sessions WHERE ctx ? 'expired';
SELECT id FROM visits WHERE ctx @> '{"tmp": true}';
