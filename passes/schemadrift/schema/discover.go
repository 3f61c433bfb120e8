package schema

import (
	"bufio"
	"bytes"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/acrvet/acr/pass"
	"github.com/acrvet/acr/pass/sqlsrc"
)

// A sqlFile is a SQL file with what its name and annotations say about it.
type sqlFile struct {
	f      *pass.File
	script *sqlsrc.Script
	// mig is set for migrations; nil for query and schema files.
	mig *Migration
	// set groups the migrations replayed as one ordered sequence (a
	// directory); key orders them within it.
	set    string
	key    []int64
	noTx   bool
	toolTx string
	// explicitDialect: the file's name, directory or configuration says it
	// is for PostgreSQL, so it overrides a generic file of its migration.
	explicitDialect bool
	// up are the statements that run when migrating up; errs their syntax
	// errors.
	up   []*sqlsrc.Stmt
	errs []*pass.SyntaxError
	// markers are the comments that may be migration-tool annotations,
	// which every marker expression below starts like.
	markers []sqlsrc.Span
}

// findMarkers keeps the comments that start like a goose, sql-migrate or
// dbmate annotation (-- +goose, -- +migrate, -- migrate:), so the
// expressions run on those alone: a Prisma migration has a comment above
// every statement.
func (sf *sqlFile) findMarkers() {
	for _, c := range sf.script.Comments {
		text := sf.script.Text(c)
		rest, ok := strings.CutPrefix(text, "--")
		if !ok {
			continue
		}
		rest = strings.TrimLeft(rest, " \t\r\n\f\v")
		if strings.HasPrefix(rest, "+") || len(rest) >= 8 && strings.EqualFold(rest[:8], "migrate:") {
			sf.markers = append(sf.markers, c)
		}
	}
}

var (
	flywayName      = regexp.MustCompile(`(?i)^([VR])([0-9][0-9._]*)?__.*\.sql$`)
	flywayUndo      = regexp.MustCompile(`(?i)^U[0-9][0-9._]*__.*\.sql$`)
	migrateName     = regexp.MustCompile(`(?i)^([0-9]+)[_-].*\.up\.sql$`)
	downName        = regexp.MustCompile(`(?i)(^|[_.-])(down|rollback|revert|undo)\.sql$`)
	leadingNumber   = regexp.MustCompile(`^([0-9][0-9_.-]*)`)
	gooseUp         = regexp.MustCompile(`(?i)^--\s*\+goose\s+up\b`)
	gooseDown       = regexp.MustCompile(`(?i)^--\s*\+goose\s+down\b`)
	gooseNoTx       = regexp.MustCompile(`(?i)^--\s*\+goose\s+no\s+transaction\b`)
	sqlMigrateUp    = regexp.MustCompile(`(?i)^--\s*\+migrate\s+up\b`)
	sqlMigrateDown  = regexp.MustCompile(`(?i)^--\s*\+migrate\s+down\b`)
	sqlMigrateNoTx  = regexp.MustCompile(`(?i)^--\s*\+migrate\s+up\s+notransaction\b`)
	dbmateUp        = regexp.MustCompile(`(?i)^--\s*migrate:up\b`)
	dbmateDown      = regexp.MustCompile(`(?i)^--\s*migrate:down\b`)
	dbmateNoTx      = regexp.MustCompile(`(?i)^--\s*migrate:up\b.*\btransaction:false\b`)
	dieselNoTx      = regexp.MustCompile(`run_in_transaction\s*=\s*false`)
	digitRun        = regexp.MustCompile(`[0-9]+`)
	migrationDirSeg = map[string]bool{
		"migrations": true, "migration": true, "migrate": true, "versions": true, "deploy": true,
		"changes": true, "changelog": true, "changelogs": true, "ddl": true, "schema": true, "schemas": true,
		"flyway": true, "liquibase": true, "initdb": true, "docker-entrypoint-initdb.d": true, "init": true,
	}
)

// classifySQL decides whether a SQL file is a migration, of which tool,
// and where it sits in its sequence. It returns nil for files that are
// not replayed at all (down and undo migrations, sqitch revert and verify
// scripts).
func classifySQL(f *pass.File, sc *sqlsrc.Script, sqitchOrder map[string]int, repo *pass.Repo) *sqlFile {
	p := f.Path
	base := path.Base(p)
	dir := path.Dir(p)
	segs := strings.Split(dir, "/")
	sf := &sqlFile{f: f, script: sc, set: dir}
	newMig := func(tool, version string) {
		sf.mig = &Migration{File: f, Tool: tool, Version: version}
		sf.key = versionKey(version)
	}
	for _, s := range segs {
		if s == "revert" || s == "verify" {
			return nil
		}
	}
	switch {
	case flywayUndo.MatchString(base), strings.HasSuffix(strings.ToLower(base), ".down.sql"):
		return nil
	case flywayName.MatchString(base):
		m := flywayName.FindStringSubmatch(base)
		if strings.EqualFold(m[1], "R") {
			newMig("flyway", "R")
			sf.key = []int64{1 << 62} // repeatable migrations run after versioned ones
		} else {
			newMig("flyway", strings.ReplaceAll(m[2], "_", "."))
		}
	case downName.MatchString(base):
		return nil
	case migrateName.MatchString(base):
		newMig("golang-migrate", migrateName.FindStringSubmatch(base)[1])
	case base == "up.sql":
		newMig("diesel", path.Base(dir))
		sf.set = path.Dir(dir)
	case base == "migration.sql" && len(segs) >= 2 && segs[len(segs)-2] == "migrations":
		newMig("prisma", path.Base(dir))
		// Prisma applies migrations in the order of their directory names
		// as strings: 20250625_x runs after 20250409154352_y, whatever
		// the digits would say as numbers. The path order below does that.
		sf.key = nil
		sf.set = path.Dir(dir)
	case contains(segs, "deploy") && sqitchOrder != nil:
		name := strings.TrimSuffix(strings.Join(segs[indexOf(segs, "deploy")+1:], "/")+"/"+strings.TrimSuffix(base, ".sql"), "/")
		name = strings.TrimPrefix(name, "/")
		newMig("sqitch", name)
		if i, ok := sqitchOrder[name]; ok {
			sf.key = []int64{int64(i)}
		} else {
			sf.key = []int64{1 << 61}
		}
	}
	sf.findMarkers()
	sf.readMarkers()
	sf.readSections()
	tool := sf.toolName()
	if sf.mig == nil {
		switch {
		case tool != "":
			newMig(tool, leadingVersion(base))
		case anyMigrationDir(segs):
			newMig("sql", leadingVersion(base))
		}
	}
	if sf.mig != nil {
		if tool != "" {
			sf.mig.Tool = tool
		}
		sf.mig.NoTransaction = sf.noTx
		optOut := map[string]string{
			"goose":          "-- +goose NO TRANSACTION",
			"sql-migrate":    "-- +migrate Up notransaction",
			"dbmate":         "-- migrate:up transaction:false",
			"diesel":         "run_in_transaction = false in the migration's metadata.toml",
			"golang-migrate": "the statement alone in its file",
		}[sf.mig.Tool]
		sf.mig.OptOut = optOut
		if sf.mig.Tool == "diesel" && repo != nil {
			if meta := repo.Lookup(path.Join(dir, "metadata.toml")); meta != nil {
				if b, err := meta.ReadFile(); err == nil && dieselNoTx.Match(b) {
					sf.mig.NoTransaction = true
				}
			}
		}
		switch sf.mig.Tool {
		case "goose", "sql-migrate", "dbmate", "diesel":
			if !sf.mig.NoTransaction {
				sf.toolTx = sf.mig.Tool + " runs each migration in a transaction unless it says " + optOut
				if sf.mig.Tool == "diesel" {
					sf.toolTx = "diesel runs each migration in a transaction unless " + optOut + " says otherwise"
				}
			}
		case "golang-migrate":
			if len(sf.upStatements()) > 1 {
				sf.toolTx = "golang-migrate sends the file as one multi-statement query, which PostgreSQL runs as one implicit transaction"
			}
		}
	}
	return sf
}

func (sf *sqlFile) toolName() string {
	tool := ""
	for _, c := range sf.markers {
		text := sf.script.Text(c)
		switch {
		case gooseUp.MatchString(text), gooseDown.MatchString(text), gooseNoTx.MatchString(text):
			tool = "goose"
		case sqlMigrateUp.MatchString(text), sqlMigrateDown.MatchString(text):
			tool = "sql-migrate"
		case dbmateUp.MatchString(text), dbmateDown.MatchString(text):
			tool = "dbmate"
		}
		if tool != "" {
			return tool
		}
	}
	return ""
}

// readMarkers finds the annotations that take a migration out of its
// tool's transaction.
func (sf *sqlFile) readMarkers() {
	for _, c := range sf.markers {
		text := sf.script.Text(c)
		if gooseNoTx.MatchString(text) || dbmateNoTx.MatchString(text) || sqlMigrateNoTx.MatchString(text) {
			sf.noTx = true
		}
	}
}

// sectionMarker matches the comments that cut a migration into sections
// its tool runs separately: up and down, and goose and sql-migrate
// StatementBegin/StatementEnd blocks, which may lack a final semicolon.
var sectionMarker = regexp.MustCompile(`(?i)^--\s*(\+goose\s+(up|down|statementbegin|statementend)|\+migrate\s+(up|down|statementbegin|statementend)|migrate:(up|down))\b`)

// readSections parses each section between markers on its own, so a
// statement never runs across a marker, and keeps the up sections.
func (sf *sqlFile) readSections() {
	var cuts []sqlsrc.Span
	for _, c := range sf.markers {
		if sectionMarker.MatchString(sf.script.Text(c)) {
			cuts = append(cuts, c)
		}
	}
	if len(cuts) == 0 {
		sf.up, sf.errs = sf.script.Stmts, sf.script.Errors
		return
	}
	content := sf.script.Src
	up := true
	start := 0
	for i := 0; i <= len(cuts); i++ {
		end := len(content)
		if i < len(cuts) {
			end = cuts[i].Start
		}
		if up && start < end {
			sc := sqlsrc.ParseIn(sf.f, string(content[start:end]), start)
			sf.up = append(sf.up, sc.Stmts...)
			sf.errs = append(sf.errs, sc.Errors...)
		}
		if i < len(cuts) {
			text := sf.script.Text(cuts[i])
			switch {
			case gooseUp.MatchString(text), dbmateUp.MatchString(text), sqlMigrateUp.MatchString(text):
				up = true
			case gooseDown.MatchString(text), dbmateDown.MatchString(text), sqlMigrateDown.MatchString(text):
				up = false
			}
			start = cuts[i].End
		}
	}
}

// upStatements returns the statements that run when migrating up.
func (sf *sqlFile) upStatements() []*sqlsrc.Stmt { return sf.up }

func anyMigrationDir(segs []string) bool {
	for _, s := range segs {
		if migrationDirSeg[strings.ToLower(s)] {
			return true
		}
	}
	return false
}

func contains(ss []string, s string) bool { return indexOf(ss, s) >= 0 }

func indexOf(ss []string, s string) int {
	for i, x := range ss {
		if x == s {
			return i
		}
	}
	return -1
}

func leadingVersion(base string) string {
	if m := leadingNumber.FindString(base); m != "" {
		return strings.TrimRight(m, "_.-")
	}
	return ""
}

// versionKey splits a version into its numbers, so 2 < 10 and 1.2 < 1.10.
func versionKey(v string) []int64 {
	var key []int64
	for _, part := range digitRun.FindAllString(v, -1) {
		n, err := strconv.ParseInt(part, 10, 64)
		if err != nil {
			n = 1 << 60
		}
		key = append(key, n)
	}
	return key
}

func compareKeys(a, b []int64) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i] != b[i] {
			if a[i] < b[i] {
				return -1
			}
			return 1
		}
	}
	return len(a) - len(b)
}

// orderSQL sorts SQL migrations: by set, then version, then path.
func orderSQL(files []*sqlFile) {
	sort.SliceStable(files, func(i, j int) bool {
		a, b := files[i], files[j]
		if a.set != b.set {
			return a.set < b.set
		}
		if c := compareKeys(a.key, b.key); c != 0 {
			return c < 0
		}
		return a.f.Path < b.f.Path
	})
}

// sqitchPlans reads every sqitch.plan of the repository: the order of
// changes, keyed by the directory that holds the plan.
func sqitchPlans(repo *pass.Repo) map[string]map[string]int {
	out := map[string]map[string]int{}
	if repo == nil {
		return out
	}
	for _, f := range repo.Files() {
		if path.Base(f.Path) != "sqitch.plan" {
			continue
		}
		content, err := f.ReadFile()
		if err != nil {
			continue
		}
		order := map[string]int{}
		sc := bufio.NewScanner(bytes.NewReader(content))
		for sc.Scan() {
			line := strings.TrimSpace(sc.Text())
			if line == "" || line[0] == '#' || line[0] == '%' || line[0] == '@' {
				continue
			}
			name := strings.Fields(line)[0]
			if _, ok := order[name]; !ok {
				order[name] = len(order)
			}
		}
		out[path.Dir(f.Path)] = order
	}
	return out
}

// sqitchOrderFor returns the plan governing a file under some deploy/.
func sqitchOrderFor(plans map[string]map[string]int, p string) map[string]int {
	segs := strings.Split(path.Dir(p), "/")
	i := indexOf(segs, "deploy")
	if i < 0 {
		return nil
	}
	root := strings.Join(segs[:i], "/")
	if root == "" {
		root = "."
	}
	return plans[root]
}
