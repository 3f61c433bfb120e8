package checker

import (
	"sort"
	"time"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/pass"
)

// DefaultKeepBytes bounds the bytes of input files the scan keeps in
// memory; the bytes of inputs past it are read again when a pass first
// asks, so memory does not grow with the repository.
const DefaultKeepBytes = 4 << 20

// load decides which passes run (not those of another shard, not those
// the cache serves, and what they require) and makes the files they read,
// with the repository over them.
func (r *run) load(cands []candidate, metas []meta) (running []*acr.Analyzer, files []*pass.File, notes []Note) {
	running = r.all
	if len(r.sharded) > 0 {
		running = nil
		for _, a := range r.all {
			if !r.sharded[a] {
				running = append(running, a)
			}
		}
	}
	if r.cache != nil {
		running = r.lookupCache(metas, cands, running)
	}
	files, notes = r.materialize(cands, metas, running)
	r.repo = pass.NewRepo(r.root, files)
	return running, files, notes
}

// lookupCache finds the cached runs of the reporting passes among
// candidates (the passes of this shard) and returns the analyzers that
// must run: the passes that missed, and what they require. An entry that
// fails its checksum or does not fit the repository is a miss, and the
// pass's run rewrites it.
func (r *run) lookupCache(metas []meta, cands []candidate, candidates []*acr.Analyzer) []*acr.Analyzer {
	r.keys = map[*acr.Analyzer]string{}
	r.cached = map[*acr.Analyzer]*passEntry{}
	r.cachedResult = map[*acr.Analyzer]any{}
	digest := repoDigest(metas, cands, r.hidden)
	size := make(map[string]int64, len(cands))
	for _, c := range cands {
		size[c.rel] = c.stat.Size
	}
	var missed []*acr.Analyzer
	for _, a := range candidates {
		if len(a.Rules) == 0 {
			continue
		}
		key := r.passKey(a, metas, cands, digest)
		r.keys[a] = key
		var e passEntry
		if err := r.cache.readGob(r.cache.passPath(key), &e); err == nil && e.validFor(a, size) {
			r.cached[a] = &e
			r.cachedResult[a] = decodeResult(a, e.Result)
			r.setExamined(a, e.Examined)
			continue
		}
		missed = append(missed, a)
	}
	r.keyLines = nil
	return acr.Closure(missed)
}

// materialize reads the bytes still needed (inputs of passes that run,
// files cached findings point into, files with directives) and registers
// every file in path order, so positions and output do not depend on the
// number of workers or on what the cache held.
func (r *run) materialize(cands []candidate, metas []meta, running []*acr.Analyzer) ([]*pass.File, []Note) {
	need := make([]bool, len(cands))
	for _, a := range running {
		for _, k := range r.inputIdx[a] {
			need[k] = true
		}
	}
	byPath := map[string]int{}
	for k, c := range cands {
		byPath[c.rel] = k
	}
	for _, e := range r.cached {
		for _, p := range cachedPaths(e.Diags) {
			if k, ok := byPath[p]; ok {
				need[k] = true
			}
		}
	}
	for _, in := range r.inputIdx {
		for _, k := range in {
			if metas[k].directive {
				need[k] = true
			}
		}
	}
	var files []*pass.File
	var notes []Note
	index := make([]*pass.File, len(cands))
	r.directives = map[*pass.File]bool{}
	for k, c := range cands {
		m := &metas[k]
		if need[k] && m.content == nil && m.kind != pass.Zip && m.note == "" && !m.deferred {
			data, note := readText(c, r.cfg.MaxFileSize, nil)
			m.content, m.note = data, note
		}
		if !need[k] {
			m.content = nil
		}
		if m.note != "" {
			notes = append(notes, Note{c.rel, m.note})
			continue
		}
		f := pass.NewFile(r.fset, c.rel, c.abs, m.kind, m.content, c.stat.Size)
		if m.deferred && need[k] {
			// Positions resolve before a pass loads the bytes.
			f.Token().SetLines(m.lines)
			m.lines = nil
			if want := m.hash; want != "" {
				// With a cache, findings are stored under the hash of the
				// bytes the scan saw: refuse other bytes.
				f.Defer(func(b []byte) bool { return contentHash(b) == want })
			} else {
				f.Defer(nil)
			}
		}
		index[k] = f
		files = append(files, f)
		if m.directive {
			r.directives[f] = true
		}
	}
	r.inputs = map[*acr.Analyzer][]*pass.File{}
	for a, in := range r.inputIdx {
		for _, k := range in {
			if index[k] != nil {
				r.inputs[a] = append(r.inputs[a], index[k])
			}
		}
	}
	return files, notes
}

// storeCache records the runs of the passes that ran cleanly and the stat
// entries of the files, skipping files modified too recently to trust.
func (r *run) storeCache(cands []candidate, metas []meta, running []*acr.Analyzer) {
	byAnalyzer := map[*acr.Analyzer][]rawDiag{}
	for _, d := range r.diags {
		byAnalyzer[d.analyzer] = append(byAnalyzer[d.analyzer], d)
	}
	for _, a := range running {
		key, ok := r.keys[a]
		if !ok || r.failed[a] || r.outcomes[a].err != nil {
			continue
		}
		cds, err := toCached(r.fset, r.repo, byAnalyzer[a])
		if err != nil {
			continue
		}
		_ = r.cache.writeGob(r.cache.passPath(key), &passEntry{Diags: cds, Notes: r.passNotes[a], Result: encodeResult(a, r.outcomes[a].result), Examined: r.examined[a]})
	}
	if r.statClean {
		return
	}
	cutoff := time.Now().Add(-racyWindow).UnixNano()
	entries := make(map[string]fileEntry, len(cands))
	for k, c := range cands {
		if c.stat.ModNs > cutoff || c.stat.CtimeNs > cutoff {
			continue
		}
		m := metas[k]
		e := fileEntry{Stat: c.stat, Kind: m.kind, Hash: m.hash, Directive: m.directive, Note: m.note}
		// The scan's choice, not what shards, paths and helpers made of
		// it: a later run of another shard or of the whole repository
		// starts from the same table.
		for i, a := range r.all {
			if r.scanWants[k][i] {
				e.Wants = append(e.Wants, a.Name)
			}
		}
		sort.Strings(e.Wants)
		entries[c.rel] = e
	}
	_ = r.cache.saveStat(r.root, r.analyzersSignature(), entries)
}

// lineOffsets returns the offsets of the lines of data, as
// token.File.SetLinesForContent computes them.
func lineOffsets(data []byte) []int {
	lines := []int{0}
	for i, c := range data {
		if c == '\n' && i+1 < len(data) {
			lines = append(lines, i+1)
		}
	}
	return lines
}
