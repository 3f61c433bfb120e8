-- A data migration runs once: its filters need no index.
UPDATE sessions SET ctx = ctx - 'tmp' WHERE ctx @> '{"tmp": true}';
DELETE FROM sessions WHERE ctx ? 'expired';
UPDATE visits SET ctx = ctx - 'tmp' WHERE ctx @> '{"tmp": true}';
