package schemadrift

import (
	"fmt"
	"sort"
	"strings"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/passes/schemadrift/schema"
)

// locking reports migration operations that block an existing table:
// DROP INDEX without CONCURRENTLY (SCHEMA403), foreign keys validated
// under lock (SCHEMA404) and ACCESS EXCLUSIVE changes without a lock
// timeout (SCHEMA405).
func (c *checker) locking() {
	type key struct {
		mig  *schema.Migration
		kind schema.LockKind
	}
	byMigration := map[key][]*schema.LockOp{}
	var order []key
	// Indexes of a table the same migration drops go with it: no reader
	// is left to spare.
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
	for _, op := range c.model.Locks {
		if op.NewTable || op.Kind == schema.LockDropIndex && dropped[tableOf{op.Origin.Migration, op.Table}] {
			continue
		}
		if op.Kind == schema.LockDropIndex && !op.Concurrent || op.Kind == schema.LockForeignKey && !op.NotValid {
			k := key{op.Origin.Migration, op.Kind}
			if byMigration[k] == nil {
				order = append(order, k)
			}
			byMigration[k] = append(byMigration[k], op)
		}
	}
	// One finding per migration and cause, at the first operation, with
	// the others as related locations.
	for _, k := range order {
		ops := byMigration[k]
		first := ops[0]
		more, related := "", []acr.RelatedInformation(nil)
		if n := len(ops) - 1; n > 0 {
			more = fmt.Sprintf(" (and %d more in this migration)", n)
			for _, op := range ops[1:min(len(ops), 6)] {
				related = append(related, acr.RelatedInformation{Pos: op.Origin.Pos, End: op.Origin.End, Message: op.What + " on " + op.Table})
			}
		}
		m := lockMessages[k.kind]
		how := m.how
		if first.Origin.Migration.Tool == "alembic" {
			how = m.alembic
		}
		c.reportRelated(m.rule, first.Origin, nil, related, m.format, first.What, first.Table, more, how)
	}
	c.lockTimeouts()
}

// lockMessages say, per kind of lock, the rule, the message (what, table,
// "and N more", how) and the fix in SQL and in Alembic.
var lockMessages = map[schema.LockKind]struct {
	rule                 *acr.Rule
	format, how, alembic string
}{
	schema.LockDropIndex: {RuleDropIndexNotConcurrent,
		"%s takes an ACCESS EXCLUSIVE lock on existing table %s until the migration commits%s: every read and write of the table waits; use %s",
		"DROP INDEX CONCURRENTLY, outside the migration's transaction",
		"op.drop_index(..., postgresql_concurrently=True) inside with op.get_context().autocommit_block():"},
	schema.LockForeignKey: {RuleForeignKeyNotValid,
		"%s validates a foreign key on existing table %s while adding it%s: the scan of every row holds locks that block writes to both tables; %s",
		"add it NOT VALID and VALIDATE CONSTRAINT in a later transaction",
		"pass postgresql_not_valid=True and run ALTER TABLE ... VALIDATE CONSTRAINT in a later migration"},
}

// lockTimeouts reports ACCESS EXCLUSIVE changes without a lock timeout
// (SCHEMA405): each migration that forgets one when others of its history
// set it, or the practice once, at the newest migration, when none does.
func (c *checker) lockTimeouts() {
	type history struct {
		unguarded map[*schema.Migration]*schema.LockOp // the first unguarded op of each migration
		guarded   bool
		since     int // the order of the first migration that sets a timeout
	}
	histories := map[string]*history{}
	var keys []string
	for _, op := range c.model.Locks {
		mig := op.Origin.Migration
		key := mig.Tool + ":" + mig.History
		h := histories[key]
		if h == nil {
			h = &history{unguarded: map[*schema.Migration]*schema.LockOp{}}
			histories[key] = h
			keys = append(keys, key)
		}
		if op.Timeout {
			if !h.guarded || mig.Order < h.since {
				h.since = mig.Order
			}
			h.guarded = true
			continue
		}
		if op.NewTable || !op.AccessExclusive || op.Kind == schema.LockDropIndex {
			continue // a plain DROP INDEX is SCHEMA403's: CONCURRENTLY takes no such lock
		}
		if h.unguarded[mig] == nil {
			h.unguarded[mig] = op
		}
	}
	sort.Strings(keys)
	for _, key := range keys {
		h := histories[key]
		var ops []*schema.LockOp
		for _, op := range h.unguarded {
			ops = append(ops, op)
		}
		sort.Slice(ops, func(i, j int) bool { return ops[i].Origin.Migration.Order < ops[j].Origin.Migration.Order })
		if len(ops) == 0 {
			continue
		}
		if h.guarded {
			// Migrations older than the practice predate it.
			for _, op := range ops {
				if op.Origin.Migration.Order < h.since {
					continue
				}
				c.report(RuleLockTimeout, op.Origin, nil,
					"%s takes an ACCESS EXCLUSIVE lock on existing table %s with no lock_timeout set, unlike other migrations of this history: behind a long query the migration waits and every query of the table queues behind it; SET lock_timeout first",
					op.What, op.Table)
			}
			continue
		}
		newest := ops[len(ops)-1]
		var related []acr.RelatedInformation
		if len(ops) > 1 {
			prev := ops[len(ops)-2]
			related = append(related, acr.RelatedInformation{Pos: prev.Origin.Pos, End: prev.Origin.End, Message: "the migration before, also without a timeout"})
		}
		c.reportRelated(RuleLockTimeout, newest.Origin, nil, related,
			"%s takes an ACCESS EXCLUSIVE lock on existing table %s with no lock_timeout set, and none of the %d migrations of this history that take such locks sets one: behind a long query a migration waits and every query of the table queues behind it; SET lock_timeout (or statement_timeout) in each migration or once where the migrations run",
			newest.What, newest.Table, len(ops))
	}
}
