package schemadrift

import (
	"slices"
	"strings"

	"github.com/acrvet/acr/passes/schemadrift/schema"
)

// pyJSON checks the JSON comparators written with SQLAlchemy: the same
// rules as their SQL (SCHEMA103-106).
func (c *checker) pyJSON() {
	for _, e := range c.model.PyJSON {
		col := e.Table.Column(e.Column)
		if col == nil {
			continue
		}
		text := sourceText(e.Origin)
		if col.Type == "json" && !c.runsOnce(e.Origin) {
			c.navigated(col, text, e.Origin, pyNarrowed(e.Table, e.Narrowing))
		}
		if len(e.Keys) > c.plan.MaxJSONDepth {
			c.report(RuleNestedJSON, e.Origin, nil,
				"%s reaches %d levels into %s, deeper than the plan's max_json_depth of %d: promote the nested values to columns or their own table",
				text, len(e.Keys), e.Column, c.plan.MaxJSONDepth)
		}
		p := schema.JSONPath{Column: e.Column, Keys: e.Keys}
		c.evidence(e.Table, p)
		if !e.Filter {
			continue
		}
		switch e.Op {
		case schema.PyAstext, schema.PyPathText:
			if business := c.businessKey(e.Keys); business != "" {
				c.report(RuleBusinessKeyInJSON, e.Origin, nil,
					"business key %s is extracted from JSON in a filter (%s): it cannot be typed, constrained or joined by index there; keep it in a relational column with a foreign key",
					business, text)
				continue
			}
			op := "" // another test (> x, .like(...)): its operator is not read
			if e.Equality {
				op = "="
			}
			served, note := expressionIndex(e.Table, e.Key, op, filter{})
			if served || c.runsOnce(e.Origin) || pyNarrowed(e.Table, e.Narrowing) {
				continue
			}
			small := c.sizeNote(e.Table)
			if !e.Equality || e.Func != "" {
				c.reportRelated(small, RuleExtractionFilter, e.Origin, nil, nil,
					"%s in a filter renders ->> and is computed for every row of %s: no GIN index serves it and no B-tree index is on this exact expression%s; .contains() (@>) tests equality only and cannot express this test, so add an expression index on it or keep %s in a relational (or generated) column with a B-tree index",
					text, e.Table.QualifiedName(), note, valueName(e.Keys))
				continue
			}
			c.reportRelated(small, RuleExtractionFilter, e.Origin, nil, nil,
				"%s in a filter renders ->> and is computed for every row of %s: no GIN index serves it and no B-tree index is on this exact expression%s; filter with .contains(%s) or add an expression index on it",
				text, e.Table.QualifiedName(), note, containmentDoc(e.Keys))
		case schema.PyContains, schema.PyHasKey, schema.PyHasAny, schema.PyHasAll, "@?", "@@":
			if col.Type == "jsonb" {
				c.ginOperator(e.Table, col, string(e.Op), e.Origin, text, filter{}, c.runsOnce(e.Origin), pyNarrowed(e.Table, e.Narrowing))
			}
		}
	}
}

// pyNarrowed reports that an index finds the rows of one of the equalities
// of a SQLAlchemy filter (PyJSONExpr.Narrowing): a column that leads an
// index, or an expression (func.lower(Model.email) == x) that an
// expression index is on.
func pyNarrowed(t *schema.Table, narrowing []string) bool {
	return slices.ContainsFunc(narrowing, func(key string) bool { return leadsIndex(t, key) || hasExpressionIndex(t, key) })
}

func (c *checker) businessKey(keys []string) string {
	for _, k := range keys {
		if c.businessKeys[k] {
			return k
		}
	}
	return ""
}

// pyMutations checks SQLAlchemy writes to feature tables (SCHEMA202).
func (c *checker) pyMutations() {
	for _, m := range c.model.PyMutations {
		if !c.isFeatureTable(m.Table.Name, m.Table) {
			continue
		}
		if m.Kind != "delete" && len(m.Values) > 0 && allIn(m.Values, c.scd2Cols) {
			continue
		}
		what := map[string]string{"update": "update()", "delete": "delete()", "upsert": "insert().on_conflict_do_update()"}[m.Kind]
		where := "application code"
		if m.Origin.Migration != nil {
			where = "a migration"
		}
		c.report(RuleFeatureMutation, m.Origin, nil,
			"%s on feature table %s in %s rewrites feature history, so past training sets can no longer be rebuilt; keep features append-only: close the current row (set %s) and insert the new version",
			what, m.Table.QualifiedName(), where, strings.Join(sortedKeys(c.scd2Cols), ", "))
	}
}

// sourceText returns the text at an origin, on one line and short.
func sourceText(o schema.Origin) string {
	content := o.File.Content()
	start, end := o.Start, o.End
	if content == nil || start < 0 || end > len(content) || end < start {
		return "the expression"
	}
	t := strings.Join(strings.Fields(string(content[start:end])), " ")
	if len(t) > 80 {
		t = t[:77] + "..."
	}
	return t
}
