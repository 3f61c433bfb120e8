package schema

import (
	"testing"

	"github.com/acrvet/acr/pass/python"
)

// FuzzLiteralText checks the Python string front: every byte of a decoded
// literal maps to an offset inside the literal, in order.
func FuzzLiteralText(f *testing.F) {
	for _, seed := range []string{
		`"SELECT 1"`, `'a\n\t\\b'`, `r"\d+"`, `b"\x00\xff"`, `"\u00e9\U0001F600\N{DASH}"`,
		`"abc" 'def' """g\
h"""`, `f"a{b!r:>3}c"`, `"\777\0\x4"`, `'''it''s'''`,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, lit string) {
		src := "x = " + lit + "\n"
		tree, _ := python.ParseBytes([]byte(src))
		if tree == nil {
			return
		}
		python.Inspect(tree.Root(), func(n *python.Node) bool {
			if n.Type() != "string" && n.Type() != "concatenated_string" {
				return true
			}
			pt, ok := literalText(n)
			if !ok {
				return false
			}
			if len(pt.offs) != len(pt.value)+1 {
				t.Fatalf("%d offsets for %d bytes", len(pt.offs), len(pt.value))
			}
			prev := n.Start()
			for i, o := range pt.offs {
				if o < prev || o > n.End() {
					t.Fatalf("offset %d of byte %d outside %d..%d or before %d", o, i, n.Start(), n.End(), prev)
				}
				prev = o
			}
			return false
		})
	})
}

// FuzzReplay checks that no SQL or Python input makes the replay panic.
// Inputs are at most 4 KiB each, enough for every statement form, so the
// fuzzer spends its time on shapes, not on long inputs.
func FuzzReplay(f *testing.F) {
	f.Add("CREATE TABLE t (a jsonb); CREATE INDEX ON t USING gin (a); ALTER TABLE t RENAME a TO b; DROP INDEX t_a_idx;",
		"from alembic import op\nrevision = 'a'\ndown_revision = None\ndef upgrade():\n    op.add_column('t', sa.Column('c', sa.JSON()))\n")
	f.Add("DO $$ BEGIN EXECUTE 'x'; END $$; CREATE TABLE p (a int) PARTITION BY RANGE (a); CREATE TABLE c PARTITION OF p FOR VALUES FROM (1) TO (2);",
		"import sqlalchemy as sa\nclass M(Base):\n    __tablename__ = 'm'\n    d = sa.Column(sa.JSON)\nsession.execute(sa.text(f'SELECT {x}'))\n")
	f.Fuzz(func(t *testing.T, sql, py string) {
		if len(sql) > 4<<10 || len(py) > 4<<10 {
			return
		}
		m := buildFiles(t, map[string]string{"db/migration/V1__x.sql": sql, "alembic/versions/a.py": py, "app/q.py": py})
		for _, tb := range m.Tables {
			for _, c := range tb.Columns {
				if c.Table != tb {
					t.Fatalf("column %s of %s points at %s", c.Name, tb.Name, c.Table.Name)
				}
			}
		}
	})
}
