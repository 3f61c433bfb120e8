package schemadrift

import (
	"path"
	"strings"

	"github.com/acrvet/acr/passes/schemadrift/schema"
)

// isFeatureTable reports whether a table holds feature values, the rows a
// training set is built from. A table the plan names in feature_tables is
// one. Otherwise a name that matches the default patterns (*feature*) or a
// jsonb features column is only a hint: the table must also key its rows
// by an entity (customer_id, entity_id ...) and hold values (a JSON
// document or numeric columns), and must not be a registry of feature
// definitions (a name, a spec, a definition), which holds no values.
func (c *checker) isFeatureTable(name string, t *schema.Table) bool {
	lower := strings.ToLower(name)
	named := false
	for _, pat := range c.plan.FeatureTables {
		if ok, _ := path.Match(strings.ToLower(pat), lower); ok {
			named = true
		}
	}
	if named && c.featureTablesConfigured {
		return true
	}
	if t == nil {
		return false
	}
	hinted := named
	for _, col := range t.Columns {
		if c.featureCols[col.Name] && col.IsJSON() {
			hinted = true
		}
	}
	return hinted && holdsFeatureValues(t, c.featureCols)
}

// registryColumns mark a table of definitions: what a feature is called
// and how it is computed, not its values.
var registryColumns = map[string]bool{
	"name": true, "spec": true, "definition": true, "description": true, "value_type": true, "dtype": true,
	"_full_object": true, "object": true, "schema": true,
}

// holdsFeatureValues reports an entity key and values, and no registry
// columns.
func holdsFeatureValues(t *schema.Table, featureCols map[string]bool) bool {
	entity, values := false, 0
	for _, col := range t.Columns {
		n := strings.ToLower(col.Name)
		switch {
		case registryColumns[n]:
			return false
		case n != "id" && (strings.HasSuffix(n, "_id") || strings.HasSuffix(n, "_key") || n == "entity"):
			entity = true
		case col.IsJSON() || featureCols[n]:
			values += 2
		case isNumeric(col.Type):
			values++
		}
	}
	return entity && values >= 2
}

func isNumeric(typ string) bool {
	switch typ {
	case "int2", "int4", "int8", "smallint", "integer", "bigint", "float4", "float8", "real", "double precision",
		"numeric", "decimal", "float", "double", "boolean", "bool":
		return true
	}
	return false
}
