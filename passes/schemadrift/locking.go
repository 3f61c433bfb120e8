package schemadrift

import (
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/passes/schemadrift/schema"
)

// A lockPractice is a safe way to change an existing table, judged per
// migration history: when no migration of the history follows it, the
// practice is reported once, at the newest migration that needs it; once
// the history follows it, each later migration that does not is a lapse.
type lockPractice struct {
	rule *acr.Rule
	// needs reports an operation that should follow the practice and
	// does not; follows one that shows the history follows it.
	needs, follows func(*schema.LockOp) bool
	// lapse and never format the findings: the operation, the table, "and
	// N more in this migration", (never: "N migrations",) how.
	lapse, never string
	// how is the fix in SQL and in Alembic.
	how, alembic string
}

var lockPractices = []lockPractice{{
	rule:    RuleDropIndexNotConcurrent,
	needs:   func(op *schema.LockOp) bool { return op.Kind == schema.LockDropIndex && !op.Concurrent },
	follows: func(op *schema.LockOp) bool { return op.Kind == schema.LockDropIndex && op.Concurrent },
	lapse:   "%s takes an ACCESS EXCLUSIVE lock on existing table %s until the migration commits%s, though this history drops indexes CONCURRENTLY elsewhere: every read and write of the table waits; use %s",
	never:   "%s takes an ACCESS EXCLUSIVE lock on existing table %s until the migration commits%s; this history never drops an index CONCURRENTLY (indexes of existing tables dropped in %s): every read and write of a table waits while its index goes; use %s",
	how:     "DROP INDEX CONCURRENTLY, outside the migration's transaction",
	alembic: "op.drop_index(..., postgresql_concurrently=True) inside with op.get_context().autocommit_block():",
}, {
	rule:    RuleForeignKeyNotValid,
	needs:   func(op *schema.LockOp) bool { return op.Kind == schema.LockForeignKey && !op.NotValid },
	follows: func(op *schema.LockOp) bool { return op.Kind == schema.LockForeignKey && op.NotValid },
	lapse:   "%s validates a foreign key on existing table %s while adding it%s, though this history adds foreign keys NOT VALID elsewhere: the scan of every row holds locks that block writes to both tables; %s",
	never:   "%s validates a foreign key on existing table %s while adding it%s; this history never adds a foreign key NOT VALID (foreign keys added to existing tables in %s): the scan of every row holds locks that block writes to both tables; %s",
	how:     "add it NOT VALID and VALIDATE CONSTRAINT in a later transaction",
	alembic: "pass postgresql_not_valid=True and run ALTER TABLE ... VALIDATE CONSTRAINT in a later migration",
}, {
	rule: RuleLockTimeout,
	needs: func(op *schema.LockOp) bool {
		return op.AccessExclusive && !op.Timeout && op.Kind != schema.LockDropIndex
	},
	follows: func(op *schema.LockOp) bool { return op.Timeout },
	lapse:   "%s takes an ACCESS EXCLUSIVE lock on existing table %s with no lock_timeout set%s, unlike other migrations of this history: behind a long query the migration waits and every query of the table queues behind it; %s",
	never:   "%s takes an ACCESS EXCLUSIVE lock on existing table %s with no lock_timeout set%s; no migration of this history sets one (such locks on existing tables in %s): behind a long query a migration waits and every query of the table queues behind it; %s",
	how:     "SET lock_timeout (or statement_timeout) in each migration or once where the migrations run",
	alembic: "SET lock_timeout (or statement_timeout) in each migration or once in env.py",
}}

// locking reports migration operations that block an existing table:
// DROP INDEX without CONCURRENTLY (SCHEMA403), foreign keys validated
// under lock (SCHEMA404) and ACCESS EXCLUSIVE changes without a lock
// timeout (SCHEMA405). A plain DROP INDEX is SCHEMA403's alone: with
// CONCURRENTLY it takes no such lock.
func (c *checker) locking() {
	var ops []*schema.LockOp
	for _, op := range c.lockedTables() {
		if !c.superseded[historyKey(op.Origin.Migration)] {
			ops = append(ops, op)
		}
	}
	for _, p := range lockPractices {
		c.practice(p, ops)
	}
}

// newestMigrations returns the Order of the newest migration of each
// history (historyKey).
func newestMigrations(migs []*schema.Migration) map[string]int {
	out := map[string]int{}
	for _, mig := range migs {
		key := historyKey(mig)
		if o, ok := out[key]; !ok || mig.Order > o {
			out[key] = mig.Order
		}
	}
	return out
}

// released reports whether a later migration of its history follows mig,
// so that mig has run wherever the history is deployed: its locks are
// history, and editing it changes nothing for an existing database (as
// strong_migrations' start_after, the locking rules review only what has
// yet to run). With -schemadrift.migrations=all nothing is released.
func (c *checker) released(mig *schema.Migration) bool {
	if migrations == migrationsAll || mig == nil {
		return false
	}
	newest, ok := c.newest[historyKey(mig)]
	return ok && mig.Order < newest
}

// lockedTables returns the operations on existing tables, less the index
// drops of a table the same migration drops: no reader is left to spare.
func (c *checker) lockedTables() []*schema.LockOp {
	type tableOf struct {
		mig   *schema.Migration
		table string
	}
	dropped := map[tableOf]bool{}
	for _, op := range c.model.Locks {
		if strings.HasPrefix(op.What, "DROP TABLE") || strings.HasSuffix(op.What, ".drop_table") {
			dropped[tableOf{op.Origin.Migration, op.Table}] = true
		}
	}
	var out []*schema.LockOp
	for _, op := range c.model.Locks {
		if op.NewTable || op.Kind == schema.LockDropIndex && dropped[tableOf{op.Origin.Migration, op.Table}] {
			continue
		}
		out = append(out, op)
	}
	return out
}

// practice reports one practice over every migration history.
func (c *checker) practice(p lockPractice, ops []*schema.LockOp) {
	type history struct {
		needing map[*schema.Migration][]*schema.LockOp
		migs    []*schema.Migration
		follows bool
		since   int // the order of the first migration that follows the practice
	}
	histories := map[string]*history{}
	var keys []string
	for _, op := range ops {
		mig := op.Origin.Migration
		key := historyKey(mig)
		h := histories[key]
		if h == nil {
			h = &history{needing: map[*schema.Migration][]*schema.LockOp{}}
			histories[key] = h
			keys = append(keys, key)
		}
		switch {
		case p.follows(op):
			if !h.follows || mig.Order < h.since {
				h.since = mig.Order
			}
			h.follows = true
		case p.needs(op):
			if h.needing[mig] == nil {
				h.migs = append(h.migs, mig)
			}
			h.needing[mig] = append(h.needing[mig], op)
		}
	}
	sort.Strings(keys)
	for _, key := range keys {
		h := histories[key]
		sort.Slice(h.migs, func(i, j int) bool { return h.migs[i].Order < h.migs[j].Order })
		if len(h.migs) == 0 {
			continue
		}
		if h.follows {
			for _, mig := range h.migs {
				if mig.Order >= h.since && !c.released(mig) { // older migrations predate the practice
					c.reportPractice(p, p.lapse, h.needing[mig])
				}
			}
			continue
		}
		if last := h.migs[len(h.migs)-1]; !c.released(last) {
			c.reportPractice(p, p.never, h.needing[last], migrationCount(len(h.migs)))
		}
	}
}

// reportPractice reports a migration's operations that need a practice:
// at the first, with the others as related locations.
func (c *checker) reportPractice(p lockPractice, format string, ops []*schema.LockOp, count ...string) {
	first := ops[0]
	more := ""
	var related []acr.RelatedInformation
	if n := len(ops) - 1; n > 0 {
		more = fmt.Sprintf(" (and %d more in this migration)", n)
		for _, op := range ops[1:min(len(ops), 6)] {
			related = append(related, acr.RelatedInformation{Pos: op.Origin.Pos(), End: op.Origin.EndPos(), Message: op.What + " on " + op.Table})
		}
	}
	how := p.how
	if first.Origin.Migration.Tool == "alembic" {
		how = p.alembic
	}
	args := []any{first.What, first.Table, more}
	for _, n := range count {
		args = append(args, n)
	}
	note := ""
	switch {
	case p.rule == RuleLockTimeout && c.atStartup(first.Origin.Migration):
		// Nothing serves while the application migrates itself.
		note = " (a note: the application applies its migrations at start-up, before it serves, at " + c.startup + "; nothing queues behind the lock)"
	case p.rule == RuleLockTimeout && locking != lockingAll && !c.anyLarge(ops):
		// Behind a lock on a small, quiet table nothing waits for long.
		note = smallNote(first.Table)
	}
	c.reportRelated(note, p.rule, first.Origin, nil, related, format, append(args, how)...)
}

// anyLarge reports whether the table of one of ops is large or hot.
func (c *checker) anyLarge(ops []*schema.LockOp) bool {
	for _, op := range ops {
		if c.large(op.On) != "" {
			return true
		}
	}
	return false
}

// atStartup reports a migration the application applies itself at
// start-up, before it serves (startupMigration, which reads Alembic's).
func (c *checker) atStartup(mig *schema.Migration) bool {
	return mig.Tool == "alembic" && c.startup != ""
}

// historyKey names a migration's history: its tool and directory.
func historyKey(mig *schema.Migration) string { return mig.Tool + ":" + mig.History }

// supersededHistories returns the histories another history of the same
// tool beside them (in the same parent directory) has replaced: one that
// starts no later and ends later, so it recreates the schema from the
// beginning (Kratos's migrations/sql beside the frozen migrations/legacy,
// which no deployment runs any more). Their locks hurt nobody.
func (c *checker) supersededHistories() map[string]bool {
	type span struct {
		tool, parent string
		first, last  string
	}
	spans := map[string]*span{}
	var keys []string
	for _, mig := range c.model.Migrations {
		v := versionKey(mig.Version)
		if v == "" {
			continue
		}
		key := historyKey(mig)
		s := spans[key]
		if s == nil {
			s = &span{tool: mig.Tool, parent: path.Dir(mig.History), first: v, last: v}
			spans[key] = s
			keys = append(keys, key)
		}
		s.first, s.last = min(s.first, v), max(s.last, v)
	}
	out := map[string]bool{}
	for _, a := range keys {
		for _, b := range keys {
			sa, sb := spans[a], spans[b]
			if a != b && sa.tool == sb.tool && sa.parent == sb.parent && sb.first <= sa.first && sb.last > sa.last {
				out[a] = true
			}
		}
	}
	return out
}

// versionKey makes numeric migration versions of different lengths
// (20191100000001, 20150100000001000000) comparable as strings: the
// digits, padded with zeros to 20. Other versions (Alembic's revision ids)
// have no order and give "".
func versionKey(v string) string {
	if v == "" || len(v) > 20 || strings.Trim(v, "0123456789") != "" {
		return ""
	}
	return v + strings.Repeat("0", 20-len(v))
}

func migrationCount(n int) string {
	if n == 1 {
		return "1 migration"
	}
	return fmt.Sprintf("%d migrations", n)
}
