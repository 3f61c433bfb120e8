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
	} {
		if got := syntaxDialect([]byte(c.src)); got != c.want {
			t.Errorf("syntaxDialect(%q) = %q, want %q", c.src, got, c.want)
		}
	}
}
