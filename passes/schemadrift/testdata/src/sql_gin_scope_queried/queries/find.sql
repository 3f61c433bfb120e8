-- only body is filtered on, so only body needs its GIN index
SELECT id, archive FROM docs WHERE body @> '{"lang": "en"}';
