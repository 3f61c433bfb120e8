package schema

import "testing"

// TestSyntaxDialect pins which syntax marks a file PostgreSQL failed to
// parse as another database's, and what does not: PostgreSQL's own
// brackets and comments, and words inside comments.
func TestSyntaxDialect(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"CREATE TABLE t (id INTEGER AUTO_INCREMENT, PRIMARY KEY (id));", "mysql"},
		{"CREATE TABLE t (id int) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;", "mysql"},
		{"INSERT INTO `users` (`id`) VALUES (1);", "mysql"},
		{"CREATE TABLE t (n BIGINT(20) UNSIGNED NOT NULL);", "mysql"},
		{"CREATE TABLE t (n int NOT NULL COMMENT 'count');", "mysql"},
		{"GRANT ALL PRIVILEGES ON app_test.* TO app@'%' WITH GRANT OPTION;", "mysql"},
		{"CREATE USER IF NOT EXISTS 'app'@'localhost' IDENTIFIED BY 'x';", "mysql"},
		{"REVOKE INSERT ON shop.orders\nFROM `report`@`10.0.0.%`;", "mysql"},
		{"GRANT SELECT ON db.* TO reader;", "mysql"},
		{"CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT);", "sqlite"},
		{"CREATE TABLE t (k TEXT PRIMARY KEY) WITHOUT ROWID;", "sqlite"},
		{"PRAGMA foreign_keys = ON;\nCREATE TABLE t (id int,);", "sqlite"},
		{"CREATE TABLE [dbo].[t] ([Id] INT IDENTITY(1,1))\nGO\n", "sqlserver"},
		{"CREATE TABLE t (body NVARCHAR(MAX));", "sqlserver"},
		// PostgreSQL, broken: array subscripts and ARRAY[...] are its own,
		// COMMENT ON ... IS is not MySQL's column COMMENT, and words in
		// comments say nothing.
		{"SELECT tags[1], ARRAY[1,2] FROM t WHERE;", ""},
		{"COMMENT ON COLUMN t.n IS 'count'; CREATE TABLE (", ""},
		{"-- unlike MySQL's AUTO_INCREMENT or `backticks`\n/* WITHOUT ROWID */ CREATE TABLE t (id int,,);", ""},
		{"CREATE TABLE go (id int,,);\n", ""},
		// An address after "from" or "to" in a string is no account.
		{"INSERT INTO mails (body) VALUES ('sent from support@example.com'); SELEC 1;", ""},
		{"UPDATE users SET note = 'moved to alice@example.com' WHERE id = 1; SELEC 1;", ""},
		{"CREATE ROLE app LOGIN; GRANT USAGE ON SCHEMA public TO app; SELEC 1;", ""},
		{"GRANT SELECT ON t TO \"alice@example.com\"; SELEC 1;", ""},
	} {
		if got := syntaxDialect([]byte(c.src)); got != c.want {
			t.Errorf("syntaxDialect(%q) = %q, want %q", c.src, got, c.want)
		}
	}
}
