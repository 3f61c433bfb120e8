package schema

import (
	"fmt"
	"path"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/acrvet/acr/pass"
)

// PostgreSQL is the dialect the schema model replays; every other dialect's
// SQL is counted and skipped.
const PostgreSQL = "postgresql"

// dialectNames maps the spellings of database names in file names,
// directories, metadata and configuration to one name per database.
var dialectNames = map[string]string{
	"postgres": PostgreSQL, "postgresql": PostgreSQL, "pg": PostgreSQL, "pgsql": PostgreSQL, "psql": PostgreSQL,
	"cockroach": "cockroachdb", "cockroachdb": "cockroachdb", "crdb": "cockroachdb",
	"yugabyte": "yugabytedb", "yugabytedb": "yugabytedb",
	"sqlite": "sqlite", "sqlite3": "sqlite",
	"mysql": "mysql", "mariadb": "mariadb",
	"mssql": "sqlserver", "sqlserver": "sqlserver", "tsql": "sqlserver", "t-sql": "sqlserver",
	"oracle": "oracle", "snowflake": "snowflake", "bigquery": "bigquery", "duckdb": "duckdb",
	"clickhouse": "clickhouse", "trino": "trino", "presto": "presto", "spark": "spark", "hive": "hive",
	"redshift": "redshift", "db2": "db2", "h2": "h2",
}

// dialectDirs are the directory names that say which database the SQL below
// them is for. Short or ambiguous spellings ("pg", "h2") only count in file
// names and configuration, where they stand next to other dialects.
var dialectDirs = map[string]bool{
	"postgres": true, "postgresql": true, "sqlite": true, "sqlite3": true, "mysql": true, "mariadb": true,
	"mssql": true, "sqlserver": true, "tsql": true, "oracle": true, "snowflake": true, "bigquery": true,
	"duckdb": true, "clickhouse": true, "trino": true, "presto": true, "spark": true, "hive": true,
	"redshift": true, "db2": true, "cockroach": true, "cockroachdb": true,
}

// DialectName returns the canonical name of a database spelling, or "".
func DialectName(s string) string { return dialectNames[strings.ToLower(strings.TrimSpace(s))] }

// fileNameDialect reads the dialect a migration file names between its
// version and its extension: 0001_users.mysql.up.sql, users.sqlite3.sql
// (golang-migrate and pop/popx conventions).
func fileNameDialect(base string) string {
	parts := strings.Split(strings.ToLower(base), ".")
	for _, p := range parts[1 : len(parts)-1] {
		if d := dialectNames[p]; d != "" {
			return d
		}
	}
	return ""
}

var (
	prismaProvider = regexp.MustCompile(`(?m)^\s*provider\s*=\s*"([A-Za-z0-9]+)"`)
	drizzleDialect = regexp.MustCompile(`"dialect"\s*:\s*"([A-Za-z0-9]+)"`)
)

// dialects decides the dialect of each SQL file: configuration first, then
// the file's name, its directories, and the metadata of its migration tool
// (Prisma's migration_lock.toml, drizzle's meta/_journal.json). It is safe
// for concurrent use; metadata is read once per directory.
type dialects struct {
	repo   *pass.Repo
	config map[string]string // repo-relative directory or glob -> dialect

	mu   sync.Mutex
	meta map[string]string // directory -> dialect its tool metadata names, "" none
}

func newDialects(repo *pass.Repo, config map[string]string) *dialects {
	cfg := map[string]string{}
	for k, v := range config {
		cfg[strings.Trim(path.Clean(k), "/")] = v
	}
	return &dialects{repo: repo, config: cfg, meta: map[string]string{}}
}

// of returns the dialect of the file at p and whether something said so;
// a file nothing speaks for is taken as PostgreSQL.
func (d *dialects) of(p string) (string, bool) {
	if v, ok := d.configured(p); ok {
		return v, true
	}
	if v := fileNameDialect(path.Base(p)); v != "" {
		return v, true
	}
	if v := dirDialect(p); v != "" {
		return v, true
	}
	for dir := path.Dir(p); ; dir = path.Dir(dir) {
		if v := d.metadata(dir); v != "" {
			return v, true
		}
		if dir == "." || dir == "/" {
			break
		}
	}
	return PostgreSQL, false
}

// configured applies plan.sql_dialects: the longest directory or glob that
// holds p wins; "." is the whole repository.
func (d *dialects) configured(p string) (string, bool) {
	best, bestLen := "", -1
	keys := make([]string, 0, len(d.config))
	for k := range d.config {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		match := k == "." || p == k || strings.HasPrefix(p, k+"/")
		if !match {
			match, _ = path.Match(k, p)
		}
		if match && len(k) > bestLen {
			best, bestLen = d.config[k], len(k)
		}
	}
	if bestLen < 0 {
		return "", false
	}
	if v := DialectName(best); v != "" {
		return v, true
	}
	return strings.ToLower(best), true
}

// metadata returns the dialect a migration tool's metadata in dir names.
func (d *dialects) metadata(dir string) string {
	if d.repo == nil {
		return ""
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if v, ok := d.meta[dir]; ok {
		return v
	}
	v := ""
	read := func(name string, re *regexp.Regexp) {
		if v != "" {
			return
		}
		f := d.repo.Lookup(path.Join(dir, name))
		if f == nil {
			return
		}
		if b, err := f.ReadFile(); err == nil {
			if m := re.FindSubmatch(b); m != nil {
				v = DialectName(string(m[1]))
			}
		}
	}
	read("migration_lock.toml", prismaProvider)
	read("meta/_journal.json", drizzleDialect)
	d.meta[dir] = v
	return v
}

// versionStem is the part of a migration file name that identifies the
// migration across its dialect variants: the name without its dialect,
// autocommit and direction infixes.
func versionStem(base string) string {
	parts := strings.Split(strings.ToLower(base), ".")
	keep := parts[:1]
	for _, p := range parts[1:] {
		switch {
		case dialectNames[p] != "", p == "autocommit", p == "up", p == "down", p == "sql":
		default:
			keep = append(keep, p)
		}
	}
	return strings.Join(keep, ".")
}

// dropOverridden removes the generic files of a migration that also has a
// PostgreSQL-specific file in the same directory: pop/popx and similar
// tools run the file of the connection's dialect and fall back to the
// generic one only when there is none.
func dropOverridden(files []*sqlFile) []*sqlFile {
	specific := map[string]bool{}
	for _, sf := range files {
		if sf != nil && sf.explicitDialect {
			specific[path.Dir(sf.f.Path)+"/"+versionStem(path.Base(sf.f.Path))] = true
		}
	}
	out := files[:0]
	for _, sf := range files {
		if sf == nil {
			continue
		}
		if !sf.explicitDialect && specific[path.Dir(sf.f.Path)+"/"+versionStem(path.Base(sf.f.Path))] {
			continue
		}
		out = append(out, sf)
	}
	return out
}

// OtherDialect counts the files of one other database that were skipped.
type OtherDialect struct {
	Dialect string
	Files   int
	// Dir is the deepest directory holding all of them.
	Dir string
}

// otherDialectSummary groups skipped files by dialect.
func otherDialectSummary(skipped map[string][]string) []OtherDialect {
	var out []OtherDialect
	for d, paths := range skipped {
		out = append(out, OtherDialect{Dialect: d, Files: len(paths), Dir: commonDir(paths)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Dialect < out[j].Dialect })
	return out
}

func commonDir(paths []string) string {
	if len(paths) == 0 {
		return "."
	}
	common := strings.Split(path.Dir(paths[0]), "/")
	for _, p := range paths[1:] {
		segs := strings.Split(path.Dir(p), "/")
		n := 0
		for n < len(common) && n < len(segs) && common[n] == segs[n] {
			n++
		}
		common = common[:n]
	}
	if len(common) == 0 {
		return "."
	}
	return strings.Join(common, "/")
}

// dirDialect returns the dialect a directory of the path is named after,
// or "".
func dirDialect(p string) string {
	dirs := strings.Split(path.Dir(p), "/")
	for i := len(dirs) - 1; i >= 0; i-- {
		if l := strings.ToLower(dirs[i]); dialectDirs[l] {
			return dialectNames[l]
		}
	}
	return ""
}

// OtherDialectsNote says, in one note for the whole run, which files for
// other databases were skipped: where they are and how many of each.
func OtherDialectsNote(ods []OtherDialect) (dir, reason string) {
	if len(ods) == 0 {
		return "", ""
	}
	var parts, dirs []string
	total := 0
	for _, od := range ods {
		parts = append(parts, fmt.Sprintf("%s %d", od.Dialect, od.Files))
		dirs = append(dirs, od.Dir+"/.")
		total += od.Files
	}
	files := "files"
	if total == 1 {
		files = "file"
	}
	return commonDir(dirs), fmt.Sprintf("%d %s for other databases not analysed (%s): the schema checks read PostgreSQL only; name a directory's database with plan.sql_dialects if this is wrong",
		total, files, strings.Join(parts, ", "))
}

// configuresPostgreSQL reports a plan.sql_dialects entry that names
// PostgreSQL: the configuration then speaks, not the imports.
func configuresPostgreSQL(config map[string]string) bool {
	for _, v := range config {
		if DialectName(v) == PostgreSQL {
			return true
		}
	}
	return false
}

// dialectSyntax is syntax that PostgreSQL does not have, by the database
// whose it is: a file nothing names the database of, that PostgreSQL
// cannot parse and that is written this way, is that database's SQL
// (awesome-compose's MySQL schema.sql with AUTO_INCREMENT), not a syntax
// error. The first dialect with a match wins; SQL Server and SQLite come
// before MySQL, whose backticks and AUTO_INCREMENT they do not share.
var dialectSyntax = []struct {
	dialect string
	re      *regexp.Regexp
}{
	{"sqlserver", regexp.MustCompile(`(?im)\bIDENTITY\s*\(\s*\d+\s*,\s*\d+\s*\)|^\s*GO\s*;?\s*$|\[dbo\]\.|\bdbo\.\w|\bCREATE\s+TABLE\s+\[|\bN?VARCHAR\s*\(\s*MAX\s*\)`)},
	{"sqlite", regexp.MustCompile(`(?im)\bAUTOINCREMENT\b|\bWITHOUT\s+ROWID\b|^\s*PRAGMA\s`)},
	{"mysql", regexp.MustCompile("(?i)\\bAUTO_INCREMENT\\b|\\bENGINE\\s*=\\s*\\w+|`[^`\\n]+`|\\b(?:TINY|SMALL|MEDIUM|BIG)?INT(?:EGER)?\\s*(?:\\(\\s*\\d+\\s*\\))?\\s+UNSIGNED\\b|\\bDEFAULT\\s+CHARSET\\b|\\bCOMMENT\\s+'" +
		// accounts user@'%' of GRANT ... TO, REVOKE ... FROM and CREATE,
		// ALTER, DROP or RENAME USER (not an address in a string after
		// "from", nor PostgreSQL's quoted role "alice@example.com"), and
		// privilege levels db.*
		"|\\b(?:(?:GRANT|REVOKE)\\b[^;]*?\\b(?:TO|FROM)|(?:CREATE|ALTER|DROP|RENAME)\\s+USER(?:\\s+IF\\s+(?:NOT\\s+)?EXISTS)?)" +
		"\\s+(?:'[^'@\\s]+'|\"[^\"@\\s]+\"|`[^`@\\s]+`|[\\w.-]+)@['\"`]?[\\w.%-]+|\\bON\\s+`?\\w+`?\\.\\*" +
		// USE db; which MySQL and SQL Server have and PostgreSQL does not
		"|(?m:^\\s*USE\\s+`?\\w+`?\\s*;)")},
}

// sqlComment matches SQL comments, which say nothing of the dialect.
var sqlComment = regexp.MustCompile(`(?s)--[^\n]*|/\*.*?\*/`)

// syntaxDialect returns the database whose syntax src is written in when
// it uses syntax PostgreSQL does not have, or "". Call it only for a file
// PostgreSQL failed to parse: a file that parses is PostgreSQL's.
func syntaxDialect(src []byte) string {
	code := sqlComment.ReplaceAll(src, []byte(" "))
	for _, d := range dialectSyntax {
		if d.re.Match(code) {
			return d.dialect
		}
	}
	return ""
}
