package sqlsrc

import (
	pg "github.com/pganalyze/pg_query_go/v5"
	"google.golang.org/protobuf/proto"
	"slices"
	"testing"
	"unicode/utf8"
)

// FuzzParse checks the sanitizer, the generated protobuf decoder against
// proto.Unmarshal, and statement spans over arbitrary SQL. Sources are at
// most 4 KiB: every statement is parsed by libpg_query twice, and longer
// inputs only slow the fuzzer down.
func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		"CREATE TABLE t (id int, data jsonb DEFAULT '{}'::jsonb);",
		"SELECT * FROM t WHERE data->>'k' = %s AND id IN %(ids)s AND x = :name;",
		"CREATE INDEX CONCURRENTLY i ON t USING gin (data jsonb_path_ops) WHERE data ? 'k';",
		"CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql;",
		"SELECT E'\\'', 'a''b', \"q\"\"i\", $$x$$, ${var}, {name}, {{ ref('m') }};",
		"/* a /* nested */ comment */ -- line\nSELECT 1; SELECT 'unterminated",
		"COPY t FROM stdin;\n1\n\\.\n\\connect db\nSELECT arr[1:2], x::int;",
		"SELECT 1+1+1+1+1+1+1+1+1+1; SELECT ((((1))));",
		"BEGIN ATOMIC SELECT CASE WHEN 1 THEN 2 END; END;",
		"SELECT '\xff\x00'; SELECT é FROM;",
	} {
		f.Add(seed, 0)
	}
	f.Fuzz(func(t *testing.T, src string, base int) {
		if len(src) > 4<<10 {
			return
		}
		if base < 0 || base > 1<<20 {
			base = 0
		}
		clean, placeholders := sanitize([]byte(src))
		if len(clean) != len(src) {
			t.Fatalf("sanitize changed the length: %d -> %d", len(src), len(clean))
		}
		if !utf8.Valid(clean) {
			t.Fatalf("sanitize left invalid UTF-8")
		}
		for _, p := range placeholders {
			if p.Start < 0 || p.End > len(src) || p.Start >= p.End {
				t.Fatalf("placeholder %v out of range", p.Span)
			}
		}
		if got, err := parseTree(string(clean)); err == nil {
			want, err := pg.Parse(string(clean))
			if err != nil || !proto.Equal(want, got) {
				t.Fatalf("the generated decoder disagrees with proto.Unmarshal (%v) on %q", err, clean)
			}
		}
		sc := ParseString(src, base)
		prevEnd := base
		for _, st := range sc.Stmts {
			if st.Start < prevEnd || st.End < st.Start || st.End > base+len(src) {
				t.Fatalf("statement span %v out of order or range (previous end %d, text %d bytes)", st.Span, prevEnd, len(src))
			}
			prevEnd = st.Start
			if st.Node == nil && st.Err == nil && st.Text() != "" {
				t.Logf("statement %q has neither tree nor error", st.Text())
			}
			if st.Line < 1 {
				t.Fatalf("line %d", st.Line)
			}
		}
		for _, e := range sc.Errors {
			if e.Offset < base || e.Offset > base+len(src) {
				t.Fatalf("error offset %d out of range", e.Offset)
			}
			if e.Msg == "" {
				t.Fatalf("error without message")
			}
		}
		for _, st := range sc.Stmts {
			if got, want := visits(st.Node), reflectVisits(st.Node); !slices.Equal(got, want) {
				t.Fatalf("generated walk differs from protoreflect's on %q:\n%v\n%v", st.Text(), got, want)
			}
			Walk(st.Node, func(c *Cursor) bool {
				if loc := Location(c.Node()); loc >= 0 && st.Offset(loc) > base+len(src) {
					t.Fatalf("node location %d past the end of %q", loc, st.Text())
				}
				return true
			})
		}
	})
}
