DROP INDEX docs_body; -- want `DROP INDEX|drop_index.*\[SCHEMA403\]`
