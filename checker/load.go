package checker

import (
	"bytes"
	"hash/fnv"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/pass"
)

// DefaultKeepBytes bounds the bytes of input files the scan keeps in
// memory; the bytes of inputs past it are read again when a pass first
// asks, so memory does not grow with the repository.
const DefaultKeepBytes = 4 << 20

// meta is what the scan learns of a candidate file.
type meta struct {
	kind      pass.Kind
	content   []byte // nil when not read, or released because no pass wants it
	note      string // why the file is not reviewed; empty if it is
	wants     []bool // by index in run.all: the pass's kinds and triggers match
	hash      string // content hash, for cache keys; only for wanted files
	directive bool   // holds "acr:", so directives must be parsed
	deferred  bool   // wanted, but its bytes are read at first use
	lines     []int  // line offsets of a deferred file
}

// scan decides each candidate's kind and which passes want it, reading it
// only when that needs its bytes, in parallel. With a cache, a file whose
// stat is unchanged is not read at all. Bytes of files no pass wants are
// dropped at once, so memory stays flat however large the repository.
func (r *run) scan(root string, cands []candidate, workers int) []meta {
	var entries map[string]fileEntry
	if r.cache != nil {
		entries = r.cache.loadStat(root, r.analyzersSignature())
	}
	index := map[string]int{}
	for i, a := range r.all {
		index[a.Name] = i
	}
	// Only passes with rules, and helpers asked for directly, choose files;
	// helpers others require get what their dependents chose.
	chooses := make([]bool, len(r.all))
	for i, a := range r.all {
		chooses[i] = len(a.Rules) > 0
		for _, q := range r.requested {
			if q == a {
				chooses[i] = true
			}
		}
	}
	metas := make([]meta, len(cands))
	var statHits atomic.Int64
	var wg sync.WaitGroup
	var next atomic.Int64
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var scratch []byte // read buffer reused across the worker's files
			for {
				i := int(next.Add(1)) - 1
				if i >= len(cands) {
					return
				}
				c := cands[i]
				if e, ok := entries[c.rel]; ok && e.Stat == c.stat {
					statHits.Add(1)
					m := meta{kind: e.Kind, note: e.Note, hash: e.Hash, directive: e.Directive, wants: make([]bool, len(r.all))}
					for _, n := range e.Wants {
						if j, ok := index[n]; ok {
							m.wants[j] = true
						}
					}
					metas[i] = m
					continue
				}
				metas[i] = r.scanFile(c, chooses, &scratch)
			}
		}()
	}
	wg.Wait()
	// Nothing to write back when every file hit its unchanged entry and
	// none was removed.
	r.statClean = entries != nil && int(statHits.Load()) == len(cands) && len(entries) == len(cands)
	return metas
}

// treesOf returns the plan directories of analyzer j's Trees, computed once
// per run: the scan asks for every file.
func (r *run) treesOf(j int) []string {
	r.treesOnce.Do(func() {
		r.trees = make([][]string, len(r.all))
		for i, a := range r.all {
			if a.Trees != nil {
				r.trees[i] = a.Trees(r.cfg.Plan)
			}
		}
	})
	return r.trees[j]
}

// triggerSet returns the run's trigger automaton for a kind, built once.
func (r *run) triggerSet(k pass.Kind) *triggerSet {
	r.triggerMu.Lock()
	defer r.triggerMu.Unlock()
	if r.triggers == nil {
		r.triggers = map[pass.Kind]*triggerSet{}
	}
	ts := r.triggers[k]
	if ts == nil {
		ts = newTriggerSet(r.all, k)
		r.triggers[k] = ts
	}
	return ts
}

func (r *run) scanFile(c candidate, chooses []bool, scratch *[]byte) meta {
	m := meta{wants: make([]bool, len(r.all))}
	kind, overridden := r.cfg.KindOverride(c.rel)
	if !overridden {
		kind = pass.DetectKind(c.rel, nil)
	}
	m.kind = kind
	if kind == pass.Zip {
		// Zips are read through their own front, never whole.
		for j, a := range r.all {
			m.wants[j] = chooses[j] && a.ReadsKind(kind)
		}
		return m
	}
	if !overridden && !r.readsAny(kind) && !contentDecidesKind(c.rel, kind) {
		return m // a kind no pass reads: never opened
	}
	data, note := readText(c, r.cfg.MaxFileSize, scratch)
	if note != "" {
		m.note = note
		return m
	}
	if !overridden {
		m.kind = pass.DetectKind(c.rel, data)
		if why := pass.NotSourceReason(m.kind, data); why != "" {
			m.note = "skipped: " + why
			return m
		}
	}
	wanted := false
	ts := r.triggerSet(m.kind)
	found := ts.match(data)
	for j, a := range r.all {
		if chooses[j] && a.ReadsKind(m.kind) && (ts.wants(j, found) || acr.InTree(c.rel, r.treesOf(j))) {
			m.wants[j] = true
			wanted = true
		}
	}
	if !wanted {
		return m
	}
	m.directive = bytes.Contains(data, ignoreWord)
	if r.kept.Add(int64(len(data))) > r.keepBytes && !m.directive {
		// Over the budget of bytes kept from the scan: read again at
		// first use, so memory does not grow with the repository.
		m.deferred = true
		m.lines = lineOffsets(data)
		if r.cache != nil {
			m.hash = contentHash(data)
		}
		return m
	}
	data = bytes.Clone(data) // out of the worker's buffer
	m.content = data
	if r.cache != nil {
		m.hash = contentHash(data)
	}
	return m
}

// shard keeps, for this shard, the file-local passes' share of the files
// and, outside shard 0, drops every pass that is not file-local.
func (r *run) shard(cands []candidate, metas []meta, shard, shards int) {
	r.sharded = map[*acr.Analyzer]bool{}
	for i, a := range r.all {
		if len(a.Rules) == 0 {
			continue // helpers follow their dependents
		}
		if !a.FileLocal && shard != 0 {
			r.sharded[a] = true
		}
		for k := range metas {
			if r.sharded[a] || a.FileLocal && shardOf(cands[k].rel, shards) != shard {
				metas[k].wants[i] = false
			}
		}
	}
	// A helper runs only if some pass of this shard needs it; dependents
	// come after their requirements in r.all, so walk backwards.
	for i := len(r.all) - 1; i >= 0; i-- {
		a := r.all[i]
		if len(a.Rules) > 0 {
			continue
		}
		needed := false
		for _, d := range r.all {
			for _, q := range d.Requires {
				needed = needed || q == a && !r.sharded[d]
			}
		}
		r.sharded[a] = !needed
	}
}

// shardOf assigns a path to a shard by a stable hash.
func shardOf(path string, shards int) int {
	h := fnv.New32a()
	h.Write([]byte(path))
	return int(h.Sum32() % uint32(shards))
}

// assignInputs decides each analyzer's inputs from the scan: a helper pass
// (no rules) that others require reads the union of what its dependents
// read, so a helper such as the Python index never makes a file without a
// trigger count.
func (r *run) assignInputs(metas []meta) {
	pos := map[*acr.Analyzer]int{}
	for i, a := range r.all {
		pos[a] = i
	}
	// Dependents come after their requirements in r.all: walk backwards
	// so a helper sees the complete wants of everything that needs it.
	for i := len(r.all) - 1; i >= 0; i-- {
		a := r.all[i]
		for _, req := range a.Requires {
			j := pos[req]
			for k := range metas {
				if metas[k].wants[i] && req.ReadsKind(metas[k].kind) {
					metas[k].wants[j] = true
				}
			}
		}
	}
	r.indexInputs(metas)
}

// indexInputs lists each analyzer's inputs from the wants of the files.
func (r *run) indexInputs(metas []meta) {
	r.inputIdx = map[*acr.Analyzer][]int{}
	for i, a := range r.all {
		for k := range metas {
			if metas[k].note == "" && metas[k].wants[i] {
				r.inputIdx[a] = append(r.inputIdx[a], k)
			}
		}
	}
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
		size[c.rel] = c.size
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
		f := pass.NewFile(r.fset, c.rel, c.abs, m.kind, m.content, c.size)
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
func (r *run) storeCache(root string, cands []candidate, metas []meta, running []*acr.Analyzer) {
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
	if r.statClean {
		return
	}
	_ = r.cache.saveStat(root, r.analyzersSignature(), entries)
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
