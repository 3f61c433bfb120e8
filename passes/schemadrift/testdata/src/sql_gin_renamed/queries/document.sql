-- the renamed column still has its GIN index: no SCHEMA103
SELECT id FROM user_profiles WHERE document @> '{"plan": "pro"}';
