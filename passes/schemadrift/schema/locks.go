package schema

import (
	"fmt"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v5"

	"github.com/acrvet/acr/pass/sqlsrc"
)

// LockKind says what a migration operation does to an existing table.
type LockKind uint8

const (
	// LockAlter is a change that takes an ACCESS EXCLUSIVE lock: most of
	// ALTER TABLE, RENAME, DROP TABLE, TRUNCATE.
	LockAlter LockKind = iota
	// LockDropIndex is DROP INDEX (ACCESS EXCLUSIVE on the table unless
	// CONCURRENTLY).
	LockDropIndex
	// LockForeignKey is a foreign key added to a table: its validation
	// scans the table under SHARE ROW EXCLUSIVE locks on both tables
	// unless it is added NOT VALID.
	LockForeignKey
)

// A LockOp is a migration operation on a table that readers or writers
// may have to wait for.
type LockOp struct {
	Kind LockKind
	// What is the operation as written: "DROP INDEX ix_a", "ALTER TABLE
	// ... ADD COLUMN", "op.add_column".
	What string
	// Table is the table's qualified name when the operation ran; On is
	// the table, under its name at the end of the history (renames
	// followed).
	Table string
	On    *Table
	// AccessExclusive: every query of the table waits for the operation,
	// and the operation waits for every query before it.
	AccessExclusive bool
	// Concurrent is DROP INDEX CONCURRENTLY; NotValid a foreign key added
	// NOT VALID.
	Concurrent, NotValid bool
	// NewTable: the table was created by the same migration, so nobody
	// else uses it yet.
	NewTable bool
	// Timeout: a lock_timeout or statement_timeout was set before it, in
	// the migration or for every migration by the tool's environment.
	Timeout bool
	Origin  Origin
}

// isTimeoutSetting reports SET [LOCAL] lock_timeout or statement_timeout.
func isTimeoutSetting(n *pg.VariableSetStmt) bool {
	return n.Name == "lock_timeout" || n.Name == "statement_timeout"
}

// lockOp records an operation of a migration on a table.
func (r *replayer) lockOp(o Origin, kind LockKind, what string, t *Table, accessExclusive bool) *LockOp {
	if o.Migration == nil || t == nil {
		return nil
	}
	op := &LockOp{Kind: kind, What: what, Table: t.QualifiedName(), On: t, AccessExclusive: accessExclusive,
		NewTable: t.Created.Migration == o.Migration && !r.isStub(t), Timeout: r.timeouts[o.Migration] || (o.Migration.Tool == "alembic" && r.envTimeout),
		Origin: o}
	r.m.Locks = append(r.m.Locks, op)
	return op
}

// indexTable returns the live table that has the named index.
func (r *replayer) indexTable(schema, name string) *Table {
	if ix := r.index(schema, name); ix != nil {
		return ix.Table
	}
	return nil
}

// sqlLocks records the locking operations of a migration statement,
// before it is applied to the model.
func (r *replayer) sqlLocks(ctx *sqlContext, s *sqlsrc.Stmt) {
	src := ctx.src
	if src.Migration == nil || src.Recurring || !ctx.replay {
		return
	}
	o := src.Origin(s.Start, s.End)
	switch n := sqlsrc.Unwrap(s.Node).(type) {
	case *pg.VariableSetStmt:
		if isTimeoutSetting(n) {
			r.timeouts[src.Migration] = true
		}
	case *pg.DropStmt:
		for _, target := range dropTargets(n) {
			schema, name := target[0], target[1]
			switch n.RemoveType {
			case pg.ObjectType_OBJECT_INDEX:
				if op := r.lockOp(o, LockDropIndex, "DROP INDEX "+name, r.indexTable(schema, name), !n.Concurrent); op != nil {
					op.Concurrent = n.Concurrent
				}
			case pg.ObjectType_OBJECT_TABLE:
				r.lockOp(o, LockAlter, "DROP TABLE "+name, r.m.Lookup(normalizeSchema(schema), name), true)
			}
		}
	case *pg.TruncateStmt:
		for _, rel := range n.Relations {
			if rv, ok := sqlsrc.Unwrap(rel).(*pg.RangeVar); ok {
				r.lockOp(o, LockAlter, "TRUNCATE "+rv.Relname, r.m.Lookup(normalizeSchema(rv.Schemaname), rv.Relname), true)
			}
		}
	case *pg.RenameStmt:
		if n.Relation != nil && (n.RenameType == pg.ObjectType_OBJECT_TABLE || n.RenameType == pg.ObjectType_OBJECT_COLUMN) {
			t := r.m.Lookup(normalizeSchema(n.Relation.Schemaname), n.Relation.Relname)
			r.lockOp(o, LockAlter, "ALTER TABLE "+n.Relation.Relname+" RENAME", t, true)
		}
	case *pg.AlterTableStmt:
		if n.Objtype != pg.ObjectType_OBJECT_TABLE || n.Relation == nil {
			return
		}
		t := r.m.Lookup(normalizeSchema(n.Relation.Schemaname), n.Relation.Relname)
		exclusive := false
		for _, c := range n.Cmds {
			cmd, ok := sqlsrc.Unwrap(c).(*pg.AlterTableCmd)
			if !ok {
				continue
			}
			if con, ok := sqlsrc.Unwrap(cmd.Def).(*pg.Constraint); ok && cmd.Subtype == pg.AlterTableType_AT_AddConstraint && con.Contype == pg.ConstrType_CONSTR_FOREIGN {
				ref := ""
				if con.Pktable != nil {
					ref = con.Pktable.Relname
				}
				if op := r.lockOp(o, LockForeignKey, fmt.Sprintf("ALTER TABLE %s ADD FOREIGN KEY REFERENCES %s", n.Relation.Relname, ref), t, false); op != nil {
					op.NotValid = con.SkipValidation
				}
				continue
			}
			if accessExclusiveCmd(cmd.Subtype) {
				exclusive = true
			}
		}
		if exclusive {
			r.lockOp(o, LockAlter, "ALTER TABLE "+n.Relation.Relname, t, true)
		}
	}
}

// accessExclusiveCmd reports the ALTER TABLE subcommands that take an
// ACCESS EXCLUSIVE lock (the others take weaker ones).
func accessExclusiveCmd(t pg.AlterTableType) bool {
	switch t {
	case pg.AlterTableType_AT_ValidateConstraint, pg.AlterTableType_AT_SetStatistics, pg.AlterTableType_AT_ClusterOn,
		pg.AlterTableType_AT_DropCluster, pg.AlterTableType_AT_SetRelOptions, pg.AlterTableType_AT_ResetRelOptions,
		pg.AlterTableType_AT_ReplaceRelOptions, pg.AlterTableType_AT_EnableTrig, pg.AlterTableType_AT_EnableAlwaysTrig,
		pg.AlterTableType_AT_EnableReplicaTrig, pg.AlterTableType_AT_DisableTrig, pg.AlterTableType_AT_EnableTrigAll,
		pg.AlterTableType_AT_DisableTrigAll, pg.AlterTableType_AT_EnableTrigUser, pg.AlterTableType_AT_DisableTrigUser,
		pg.AlterTableType_AT_AttachPartition, pg.AlterTableType_AT_DetachPartition, pg.AlterTableType_AT_ChangeOwner,
		pg.AlterTableType_AT_AddInherit, pg.AlterTableType_AT_DropInherit, pg.AlterTableType_AT_ReplicaIdentity:
		return false
	}
	return true
}

// alembicLockOps maps the Alembic operations that lock an existing table
// to what they do.
var alembicLockOps = map[string]LockKind{
	"add_column": LockAlter, "drop_column": LockAlter, "alter_column": LockAlter, "create_unique_constraint": LockAlter,
	"create_primary_key": LockAlter, "create_check_constraint": LockAlter, "drop_constraint": LockAlter,
	"rename_table": LockAlter, "drop_table": LockAlter, "drop_index": LockDropIndex, "create_foreign_key": LockForeignKey,
}

// envTimeoutIn reports an Alembic env.py that sets a lock or statement
// timeout for every migration.
func envTimeoutIn(content []byte) bool {
	s := string(content)
	return strings.Contains(s, "lock_timeout") || strings.Contains(s, "statement_timeout")
}
