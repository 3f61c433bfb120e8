package sqlsrc

import (
	"fmt"
	"strings"
	"testing"
)

// migrationCorpus builds a realistic migration history: tables with jsonb
// features, indexes, seed inserts with placeholders and a plpgsql function.
func migrationCorpus(files int) []string {
	var out []string
	for i := 0; i < files; i++ {
		var b strings.Builder
		fmt.Fprintf(&b, "-- migration %d\n", i)
		fmt.Fprintf(&b, "CREATE TABLE IF NOT EXISTS public.features_%d (\n  id bigserial PRIMARY KEY,\n  customer_id bigint NOT NULL REFERENCES customers(id),\n  event_time timestamptz NOT NULL DEFAULT now(),\n  features jsonb NOT NULL DEFAULT '{}'::jsonb\n);\n", i)
		fmt.Fprintf(&b, "CREATE INDEX CONCURRENTLY IF NOT EXISTS features_%d_gin ON public.features_%d USING gin (features jsonb_path_ops);\n", i, i)
		fmt.Fprintf(&b, "CREATE INDEX features_%d_kind ON public.features_%d ((features->>'kind')) WHERE features ? 'kind';\n", i, i)
		for r := 0; r < 20; r++ {
			fmt.Fprintf(&b, "INSERT INTO public.features_%d (customer_id, features) VALUES (%d, '{\"kind\": \"a\", \"score\": %d}'::jsonb), (:cid, %%(doc)s);\n", i, r, r)
		}
		b.WriteString("CREATE OR REPLACE FUNCTION touch() RETURNS trigger AS $$\nBEGIN\n  NEW.event_time := now();\n  RETURN NEW;\nEND;\n$$ LANGUAGE plpgsql;\n")
		b.WriteString("SELECT id FROM features WHERE features @> '{\"kind\": \"a\"}' AND features->>'score' = ${min_score};\n")
		out = append(out, b.String())
	}
	return out
}

func BenchmarkParse(b *testing.B) {
	corpus := migrationCorpus(50)
	size := 0
	stmts := 0
	for _, s := range corpus {
		size += len(s)
		stmts += len(ParseString(s, 0).Stmts)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, s := range corpus {
			if sc := ParseString(s, 0); sc.Err() != nil {
				b.Fatal(sc.Err())
			}
		}
	}
	b.ReportMetric(float64(len(corpus)*b.N)/b.Elapsed().Seconds(), "files/s")
	b.ReportMetric(float64(stmts*b.N)/b.Elapsed().Seconds(), "stmts/s")
}

func BenchmarkSanitize(b *testing.B) {
	src := []byte(strings.Join(migrationCorpus(50), "\n"))
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		sanitize(src)
	}
}

func BenchmarkWalk(b *testing.B) {
	sc := ParseString(strings.Join(migrationCorpus(5), "\n"), 0)
	b.ResetTimer()
	for b.Loop() {
		n := 0
		for _, st := range sc.Stmts {
			Walk(st.Node, func(*Cursor) bool { n++; return true })
		}
	}
}

func BenchmarkSplitText(b *testing.B) {
	text := strings.Join(migrationCorpus(50), "\n")
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		if lay := splitText(text); lay.err != nil {
			b.Fatal(lay.err.msg)
		}
	}
}
