package checker

import (
	"github.com/acrvet/acr"
	"github.com/acrvet/acr/pass"
)

// triggerSet finds, in one pass over a file's bytes, which of the run's
// byte triggers for a kind the file contains: an Aho-Corasick automaton
// over every trigger of every pass reading the kind, instead of one
// search per trigger and pass. A file that holds no trigger costs one
// table lookup per byte however many triggers the passes declare.
type triggerSet struct {
	patterns [][]byte
	// next[state<<8|byte] is the next state, complemented (negative)
	// when out holds patterns for it: the loop over the bytes tests a
	// sign instead of loading a slice per byte.
	next []int32
	out  [][]int32
	// of lists, per analyzer of the run, the indices of its triggers for
	// the kind; every is true for a pass that reads every file of it.
	of    [][]int32
	every []bool
}

func newTriggerSet(analyzers []*acr.Analyzer, kind pass.Kind) *triggerSet {
	ts := &triggerSet{of: make([][]int32, len(analyzers)), every: make([]bool, len(analyzers))}
	index := map[string]int32{}
	for j, a := range analyzers {
		if !a.ReadsKind(kind) {
			continue
		}
		triggers := a.TriggersFor(kind)
		if triggers == nil {
			ts.every[j] = true
			continue
		}
		for _, t := range triggers {
			i, ok := index[t]
			if !ok {
				i = int32(len(ts.patterns))
				index[t] = i
				ts.patterns = append(ts.patterns, []byte(t))
			}
			ts.of[j] = append(ts.of[j], i)
		}
	}
	ts.compile()
	return ts
}

// compile builds the automaton's full transition table.
func (ts *triggerSet) compile() {
	trie := []map[byte]int32{{}}
	out := [][]int32{nil}
	for id, p := range ts.patterns {
		st := int32(0)
		for _, c := range p {
			nx, ok := trie[st][c]
			if !ok {
				nx = int32(len(trie))
				trie = append(trie, map[byte]int32{})
				out = append(out, nil)
				trie[st][c] = nx
			}
			st = nx
		}
		out[st] = append(out[st], int32(id))
	}
	next := make([]int32, len(trie)<<8)
	fail := make([]int32, len(trie))
	var queue []int32
	for c, nx := range trie[0] {
		next[c] = nx
		queue = append(queue, nx)
	}
	for len(queue) > 0 {
		st := queue[0]
		queue = queue[1:]
		out[st] = append(out[st], out[fail[st]]...)
		for c := 0; c < 256; c++ {
			if nx, ok := trie[st][byte(c)]; ok {
				fail[nx] = next[int(fail[st])<<8|c]
				next[int(st)<<8|c] = nx
				queue = append(queue, nx)
			} else {
				next[int(st)<<8|c] = next[int(fail[st])<<8|c]
			}
		}
	}
	for i, nx := range next {
		if len(out[nx]) > 0 {
			next[i] = ^nx
		}
	}
	ts.next, ts.out = next, out
}

// match reports which patterns occur in data.
func (ts *triggerSet) match(data []byte) []bool {
	found := make([]bool, len(ts.patterns))
	if len(ts.patterns) == 0 {
		return found
	}
	next, out := ts.next, ts.out
	st := int32(0)
	for _, c := range data {
		st = next[int(st)<<8|int(c)]
		if st < 0 {
			st = ^st
			for _, id := range out[st] {
				found[id] = true
			}
		}
	}
	return found
}

// wants reports whether analyzer j wants a file with the found patterns.
func (ts *triggerSet) wants(j int, found []bool) bool {
	if ts.every[j] {
		return true
	}
	for _, id := range ts.of[j] {
		if found[id] {
			return true
		}
	}
	return false
}
