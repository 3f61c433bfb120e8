SELECT id FROM tickets WHERE labels @> '["urgent"]';
SELECT id FROM tickets WHERE labels @> '["bug"]' AND closed = false;
SELECT id FROM tickets WHERE meta @> '{"source": "mail"}' AND NOT closed;
SELECT id FROM tickets WHERE attrs @> '{"vip": true}';
SELECT id FROM tickets WHERE flags ? 'escalated';  -- ok: SCHEMA103 -- flags' element uses the default jsonb_ops
-- the partial jsonb_path_ops index applies, and it cannot serve key existence
SELECT id FROM tickets WHERE meta ? 'source' AND closed IS FALSE; -- want `meta \? 'source' uses \? on tickets.meta, whose GIN indexes all use jsonb_path_ops.*\[SCHEMA103\]`
SELECT id FROM tickets WHERE notes @> '{"by": "bot"}';
