SELECT id FROM docs_bare WHERE doc @> '{"draft": true}';
