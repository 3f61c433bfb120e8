package schemadrift

import (
	"fmt"
	"path"
	"strings"

	"github.com/acrvet/acr/passes/schemadrift/schema"
)

// Whether a table is large or hot decides whether advice that only pays
// on a large table is worth a maintainer's time: an index build that
// blocks writes for milliseconds on a small table blocks them for minutes
// on a large one, and a scan of a few hundred rows needs no index. acr
// cannot count rows, so the rules that depend on size (SCHEMA401,
// SCHEMA102, SCHEMA104) ask for evidence in the repository and report a
// table without any as a note.

// largeTables records, per table, the evidence that it is large or hot.
type largeTables map[*schema.Table]string

// collectLargeTables gathers the evidence the repository gives: the
// plan's large_tables, a table declared PARTITION BY (or a partition of
// one), and a table a migration indexes CONCURRENTLY, alone, which shows
// its maintainers treat it as too large to lock while an index builds.
func (c *checker) collectLargeTables() largeTables {
	out := largeTables{}
	for _, t := range c.model.Tables {
		if pat := c.planLargeTable(t); pat != "" {
			out[t] = fmt.Sprintf("the plan lists it in large_tables (%s)", pat)
			continue
		}
		switch {
		case t.Partitioned:
			out[t] = "it is partitioned"
		case t.PartitionOf != nil:
			out[t] = "it is a partition of " + t.PartitionOf.QualifiedName()
		}
	}
	// A migration that builds CONCURRENTLY on several tables at once
	// applies a practice to all of them and says nothing about the size of
	// any one (Prefect's trigram indexes on flow, flow_run, task_run and
	// deployment).
	tablesOf := map[*schema.Migration]map[*schema.Table]bool{}
	for _, ix := range c.model.IndexDefs {
		if mig := ix.Origin.Migration; ix.Table != nil && ix.Concurrent && !ix.NewTable && mig != nil {
			if tablesOf[mig] == nil {
				tablesOf[mig] = map[*schema.Table]bool{}
			}
			tablesOf[mig][ix.Table] = true
		}
	}
	for _, ix := range c.model.IndexDefs {
		t := ix.Table
		if t == nil || !ix.Concurrent || ix.NewTable || ix.Origin.Migration == nil || out[t] != "" || len(tablesOf[ix.Origin.Migration]) > 1 {
			continue
		}
		posn := c.pass.Fset.Position(ix.Origin.Pos())
		out[t] = fmt.Sprintf("this repository builds index %s on it CONCURRENTLY at %s:%d", ix.Name, ix.Origin.File.Path, posn.Line)
	}
	return out
}

// planLargeTable returns the pattern of plan.large_tables that names t,
// or "".
func (c *checker) planLargeTable(t *schema.Table) string {
	for _, pat := range c.plan.LargeTables {
		lower := strings.ToLower(pat)
		for _, name := range []string{t.Name, t.QualifiedName()} {
			if ok, _ := path.Match(lower, strings.ToLower(name)); ok {
				return pat
			}
		}
	}
	return ""
}

// large returns why t is taken as large or hot, or "" when nothing says
// so.
func (c *checker) large(t *schema.Table) string {
	if t == nil {
		return ""
	}
	return c.largeTables[t]
}

// smallNote is the remark a finding on a table without evidence of size
// carries at note severity.
func smallNote(t string) string {
	return fmt.Sprintf(" (a note: nothing in the repository shows that %s is large or hot; name it in plan.large_tables to have it reported)", t)
}

// sizeNote is the remark that makes index advice for a query a note when
// nothing shows its table is large: a scan of a small table is cheap
// (SCHEMA102, SCHEMA104). It is "" for a large table.
func (c *checker) sizeNote(t *schema.Table) string {
	if t == nil || c.large(t) != "" {
		return ""
	}
	return smallNote(t.QualifiedName())
}
