package checker

import (
	"bytes"
	"math/rand/v2"
	"testing"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/pass"
)

// The automaton finds exactly the triggers a byte search finds, with
// overlapping, nested and repeated triggers.
func TestTriggerSetMatchesByteSearch(t *testing.T) {
	patterns := []string{"async def", "def", "ef", "abc", "bca", "a", "aaa", "import h2o", "h2o", "\x00x", "é"}
	a := &acr.Analyzer{Name: "a", Kinds: []pass.Kind{pass.Python}, Triggers: patterns[:6]}
	b := &acr.Analyzer{Name: "b", Kinds: []pass.Kind{pass.Python}, KindTriggers: map[pass.Kind][]string{pass.Python: patterns[4:]}}
	c := &acr.Analyzer{Name: "c", Kinds: []pass.Kind{pass.Python}}
	d := &acr.Analyzer{Name: "d", Kinds: []pass.Kind{pass.SQL}, Triggers: []string{"x"}}
	all := []*acr.Analyzer{a, b, c, d}
	ts := newTriggerSet(all, pass.Python)
	alphabet := []byte("abcdefh2oimprt sxé\x00")
	rng := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		data := make([]byte, rng.IntN(40))
		for i := range data {
			data[i] = alphabet[rng.IntN(len(alphabet))]
		}
		found := ts.match(data)
		for j, an := range all {
			if got, want := ts.wants(j, found), an.Wants(pass.Python, data); got != want {
				t.Fatalf("%s on %q: automaton %v, byte search %v", an.Name, data, got, want)
			}
		}
		for i, p := range ts.patterns {
			if found[i] != bytes.Contains(data, p) {
				t.Fatalf("pattern %q in %q: automaton %v", p, data, found[i])
			}
		}
	}
}
