package checker

import (
	"bytes"
	"fmt"
	"hash/fnv"
	"path"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/pass"
)

// classify scans the candidates' bytes for their kinds and the passes'
// triggers, keeps this shard's share of the file-local work, and gives
// each pass its inputs (and each helper those of the passes that require
// it). Nothing is parsed here.
func (r *run) classify(cands []candidate, shard, shards int) ([]meta, error) {
	if shards > 1 && (shard < 0 || shard >= shards) {
		return nil, fmt.Errorf("shard %d is outside 0..%d", shard, shards-1)
	}
	metas := r.scan(cands)
	r.scanWants = make([][]bool, len(metas))
	for k := range metas {
		r.scanWants[k] = slices.Clone(metas[k].wants)
	}
	if shards > 1 {
		r.shardIdx, r.shards = shard, shards
		r.shard(cands, metas, shard, shards)
	}
	r.assignInputs(metas)
	if r.whole {
		// After the helpers took their inputs from every dependent's
		// full choice: a helper then reads what it reads in a whole run,
		// so the cache keys of the passes that require it are the whole
		// run's, and a narrowed run is served from the whole run's cache.
		r.scope.narrowFileLocal(r.all, cands, metas)
		r.indexInputs(metas)
	}
	return metas, nil
}

// readsAny reports whether some analyzer of the run reads kind.
func (r *run) readsAny(kind pass.Kind) bool {
	for _, a := range r.all {
		if a.ReadsKind(kind) {
			return true
		}
	}
	return false
}

// contentDecidesKind reports whether the content of a file can change the
// kind its name gives: YAML may be Compose, Kubernetes or Mage metadata,
// and a file without extension may be a Python script.
func contentDecidesKind(rel string, byName pass.Kind) bool {
	return byName == pass.YAML || byName == pass.Text && path.Ext(rel) == ""
}

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
func (r *run) scan(cands []candidate) []meta {
	var entries map[string]fileEntry
	if r.cache != nil {
		entries = r.cache.loadStat(r.root, r.analyzersSignature())
	}
	index := map[string]int{}
	for i, a := range r.all {
		index[a.Name] = i
	}
	// Only passes with rules, helpers asked for directly and helpers with
	// triggers of their own choose files; helpers others require get what
	// their dependents chose besides.
	chooses := make([]bool, len(r.all))
	for i, a := range r.all {
		chooses[i] = len(a.Rules) > 0 || a.Triggers != nil || a.KindTriggers != nil
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
	for w := 0; w < r.workers; w++ {
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
