package sqlsrc

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSanitize(t *testing.T) {
	tests := []struct {
		name, src, want string
		kinds           []PlaceholderKind
	}{
		{"cast untouched", "SELECT '{}'::jsonb, x::int", "SELECT '{}'::jsonb, x::int", nil},
		{"pyformat", "WHERE a = %s AND b = %(name)s", "WHERE a = __ AND b = ________", []PlaceholderKind{PyFormat, PyFormat}},
		{"escaped percent", "SELECT a %% b", "SELECT a %  b", nil},
		{"named", "WHERE a = :name AND b=:other_1", "WHERE a = _____ AND b=________", []PlaceholderKind{Named, Named}},
		{"psql variables", "CREATE ROLE :\"role\" PASSWORD :'pw'", "CREATE ROLE \"_____\" PASSWORD '___'", []PlaceholderKind{Named, Named}},
		{"array slice is not a parameter", "SELECT arr[lo:hi], arr[1:2]", "SELECT arr[lo:hi], arr[1:2]", nil},
		{"assignment is not a parameter", "PERFORM f(x := 1)", "PERFORM f(x := 1)", nil},
		{"numbered parameter kept", "WHERE a = $1 AND b = $12", "WHERE a = $1 AND b = $12", nil},
		{"interpolation", "CREATE TABLE ${schema}.t ()", "CREATE TABLE _________.t ()", []PlaceholderKind{Interpolation}},
		{"format", "SELECT * FROM {table} WHERE id = {}", "SELECT * FROM _______ WHERE id = __", []PlaceholderKind{Format, Format}},
		{"jinja expression", "SELECT * FROM {{ ref('orders') }}", "SELECT * FROM ___________________", []PlaceholderKind{Jinja}},
		{"jinja statement blanked", "{% if x %}SELECT 1{% endif %}", "          SELECT 1           ", []PlaceholderKind{Jinja, Jinja}},
		{"jinja comment blanked", "{# note #}SELECT 1", "          SELECT 1", []PlaceholderKind{Jinja}},
		{"go template inside quotes", `ALTER TABLE "{{ index .Options "Namespace" }}"."users" ADD x int`, `ALTER TABLE "________________________________"."users" ADD x int`, []PlaceholderKind{Jinja}},
		{"go template inside a literal", `WHERE s = '{{ .Schema }}'`, `WHERE s = '_____________'`, []PlaceholderKind{Jinja}},
		{"array literal is no template", `SELECT '{{1,2},{3,4}}'::int[]`, `SELECT '{{1,2},{3,4}}'::int[]`, nil},
		{"tuple after IN", "WHERE id IN %s", "WHERE id IN(_)", []PlaceholderKind{PyFormat}},
		{"rows after VALUES", "INSERT INTO t VALUES %(rows)s", "INSERT INTO t VALUES (______)", []PlaceholderKind{PyFormat}},
		{"string literal untouched", "SELECT '%s :x ${v} {n}'", "SELECT '%s :x ${v} {n}'", nil},
		{"escape string untouched", `SELECT E'it\'s :x', :y`, `SELECT E'it\'s :x', __`, []PlaceholderKind{Named}},
		{"doubled quote", "SELECT 'it''s :x', :y", "SELECT 'it''s :x', __", []PlaceholderKind{Named}},
		{"quoted identifier untouched", `SELECT "{col}" FROM "%s"`, `SELECT "{col}" FROM "%s"`, nil},
		{"dollar body untouched", "AS $$ SELECT %s, :x $$, $fn$ {y} $fn$", "AS $$ SELECT %s, :x $$, $fn$ {y} $fn$", nil},
		{"dollar inside identifier", "SELECT a$b, :c", "SELECT a$b, __", []PlaceholderKind{Named}},
		{"line comment untouched", "SELECT 1 -- %s :x\n, :y", "SELECT 1 -- %s :x\n, __", []PlaceholderKind{Named}},
		{"nested block comment untouched", "/* a /* :x */ %s */ :y", "/* a /* :x */ %s */ __", []PlaceholderKind{Named}},
		{"NUL byte", "SELECT 1\x00", "SELECT 1 ", nil},
		{"invalid UTF-8", "SELECT '\xff'", "SELECT '_'", nil},
		{"psql meta-command", "\\connect db\nSELECT 1;\n  \\set x 1\n", "           \nSELECT 1;\n          \n", nil},
		{"psql meta-command sends the query", "SELECT 'CREATE DATABASE d'\nWHERE NOT EXISTS (SELECT 1)\\gexec\nSELECT 2\\x\n;", "SELECT 'CREATE DATABASE d'\nWHERE NOT EXISTS (SELECT 1);     \nSELECT 2  \n;", nil},
		{"psql send on its own line", "SELECT 'CREATE DATABASE d'\n  \\gexec\r\nSELECT 2;", "SELECT 'CREATE DATABASE d'\n  ;     \r\nSELECT 2;", nil},
		{"psql send before copy", "SELECT 1 \\g\nCOPY t (a) FROM stdin;\n1\n\\.\n", "SELECT 1 ; \nCOPY t (a) FROM stdin;\n \n  \n", nil},
		{"copy sent by psql", "COPY t (a) FROM stdin \\g\n1\n\\.\nSELECT 1;", "COPY t (a) FROM stdin ; \n \n  \nSELECT 1;", nil},
		{"psql semicolon", "SELECT 1 \\; SELECT :x;", "SELECT 1  ; SELECT __;", []PlaceholderKind{Named}},
		{"psql backslash at the end", "SELECT 1\\", "SELECT 1 ", nil},
		{"backslash in escape string and dollar body", "SELECT E'a\\'b\\g', $$ \\gexec $$;", "SELECT E'a\\'b\\g', $$ \\gexec $$;", nil},
		{"copy data", "COPY t (a) FROM stdin;\n1\t'x\n\\.\nSELECT 1;", "COPY t (a) FROM stdin;\n    \n  \nSELECT 1;", nil},
		{"unterminated string", "SELECT ':x", "SELECT ':x", nil},
		{"unclosed brace", "SELECT {a", "SELECT {a", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ph := sanitize([]byte(tt.src))
			assert.Equal(t, tt.want, string(got))
			assert.Len(t, got, len(tt.src), "sanitizing must keep the length")
			var kinds []PlaceholderKind
			for _, p := range ph {
				kinds = append(kinds, p.Kind)
				assert.True(t, p.Start >= 0 && p.Start < p.End && p.End <= len(tt.src), "span %v out of range", p.Span)
			}
			assert.Equal(t, tt.kinds, kinds)
		})
	}
}
