SELECT id FROM docs WHERE body @> '{"lang": "en"}';
