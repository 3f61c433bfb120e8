SELECT id FROM logs WHERE body @> '{"level": "error"}';
