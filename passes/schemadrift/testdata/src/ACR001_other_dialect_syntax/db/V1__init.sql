-- PostgreSQL that does not parse is still a syntax error, though a
-- comment mentions MySQL's AUTO_INCREMENT and `backticks`
CREATE TABLE accounts (id bigint,, name text); -- want `syntax error at or near "," \[ACR001\]`
