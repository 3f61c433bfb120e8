DROP INDEX docs_body;
