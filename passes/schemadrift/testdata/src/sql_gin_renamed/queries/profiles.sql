SELECT id FROM user_profiles WHERE preferences @> '{"theme": "dark"}';
