SELECT id FROM orders WHERE attrs @> '{"vip": true}';
