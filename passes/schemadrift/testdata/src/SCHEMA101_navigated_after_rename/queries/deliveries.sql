SELECT id, body->>'event' AS event FROM webhook_deliveries ORDER BY id DESC LIMIT 50;
