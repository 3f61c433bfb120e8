package checker

import (
	"fmt"
	"reflect"
	"runtime/debug"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/pass"
)

// execute runs the passes and returns an error when the run was
// cancelled.
func (r *run) execute(running []*acr.Analyzer) error {
	r.countUsers(running)
	r.runPasses(running)
	if err := r.ctx.Err(); err != nil {
		return fmt.Errorf("the run was cancelled: %w", err)
	}
	return nil
}

// runPasses runs every analyzer once its requirements are done, each in its
// own goroutine; per-file work is bounded by the worker semaphore.
func (r *run) runPasses(running []*acr.Analyzer) {
	r.outcomes = map[*acr.Analyzer]*outcome{}
	for _, a := range r.all {
		r.outcomes[a] = &outcome{done: make(chan struct{})}
	}
	isRunning := map[*acr.Analyzer]bool{}
	for _, a := range running {
		isRunning[a] = true
	}
	for _, a := range r.all {
		if !isRunning[a] {
			// Served from the cache, or a helper no running pass needs.
			o := r.outcomes[a]
			if e := r.cached[a]; e != nil {
				o.result = r.cachedResult[a]
				r.diags = append(r.diags, fromCached(r.repo, a, e.Diags)...)
				r.notePass(a, e.Notes...)
			}
			close(o.done)
		}
	}
	var wg sync.WaitGroup
	for _, a := range running {
		wg.Add(1)
		go func(a *acr.Analyzer) {
			defer wg.Done()
			o := r.outcomes[a]
			defer close(o.done)
			results := map[*acr.Analyzer]any{}
			for _, req := range a.Requires {
				ro := r.outcomes[req]
				<-ro.done
				if ro.err != nil {
					o.err = fmt.Errorf("%s: skipped because its prerequisite %s failed", a.Name, req.Name)
					return
				}
				results[req] = ro.result
			}
			if err := r.ctx.Err(); err != nil {
				o.err = err
				return
			}
			o.result, o.err = r.runAnalyzer(a, results)
		}(a)
	}
	wg.Wait()
}

func (r *run) runAnalyzer(a *acr.Analyzer, results map[*acr.Analyzer]any) (result any, err error) {
	p := &acr.Pass{
		Analyzer:     a,
		Fset:         r.fset,
		Files:        r.inputs[a],
		Repo:         r.repo,
		Plan:         r.cfg.Plan,
		ResultOf:     results,
		Report:       func(d acr.Diagnostic) { r.addDiag(rawDiag{analyzer: a, diag: d}) },
		ReportAsNote: func(d acr.Diagnostic) { r.addDiag(rawDiag{analyzer: a, diag: d, note: true}) },
	}
	p.Note = func(path, reason string) { r.notePass(a, Note{path, reason}) }
	p.ForEachFile = func(files []*pass.File, fn func(*pass.File)) { r.forEachFile(a, files, fn) }
	p.Tally = &acr.Tally{}
	defer func() { r.setExamined(a, p.Tally.Counts()) }()
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("%s: panic: %v\n%s", a.Name, v, debug.Stack())
		}
	}()
	result, err = a.Run(p)
	for _, f := range p.Files {
		r.doneWith(a, f)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", a.Name, err)
	}
	if err := checkResultType(a, result); err != nil {
		return nil, err
	}
	return result, nil
}

// checkResultType enforces Analyzer.ResultType, as go/analysis does: the
// passes that read ResultOf type-assert it, so a mismatch is the pass's
// error here rather than a panic in every dependent.
func checkResultType(a *acr.Analyzer, result any) error {
	got, want := reflect.TypeOf(result), a.ResultType
	switch {
	case got == want:
		return nil
	case want == nil:
		return fmt.Errorf("%s: Run returned a result of type %v, but the analyzer declares no ResultType", a.Name, got)
	case got == nil:
		return fmt.Errorf("%s: Run returned no result, but the analyzer declares ResultType %v", a.Name, want)
	}
	return fmt.Errorf("%s: Run returned a result of type %v, but the analyzer declares ResultType %v", a.Name, got, want)
}

// forEachFile calls fn for each file on a few long-lived goroutines, each
// taking a worker token per file, so the run's bound on parallel work
// holds across passes. A goroutine per file grew a fresh stack for every
// parse, which cost as much as the GC. Files go in path order: taking the
// largest first shortened the tail but had the workers parse the largest
// files at the same time, and the C parsers' memory for them raised the
// peak RSS of ten copies of the standard library by 40 MB.
func (r *run) forEachFile(a *acr.Analyzer, files []*pass.File, fn func(*pass.File)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(cap(r.sem), len(files)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(files) || r.ctx.Err() != nil {
					return
				}
				r.sem <- struct{}{}
				r.callOnFile(a, files[i], fn)
				<-r.sem
			}
		}()
	}
	wg.Wait()
}

// callOnFile runs fn on one file, turning a panic into an error that
// names the pass and the file.
func (r *run) callOnFile(a *acr.Analyzer, f *pass.File, fn func(*pass.File)) {
	defer func() {
		if v := recover(); v != nil {
			r.mu.Lock()
			r.errs = append(r.errs, fmt.Errorf("%s: panic while analyzing %s: %v\n%s", a.Name, f.Path, v, debug.Stack()))
			r.failed[a] = true
			r.mu.Unlock()
		}
	}()
	fn(f)
	r.doneWith(a, f)
}

type doneKey struct {
	a *acr.Analyzer
	f *pass.File
}

// countUsers records how many running passes read each file.
func (r *run) countUsers(running []*acr.Analyzer) {
	r.users = map[*pass.File]int{}
	r.doneSet = map[doneKey]bool{}
	for _, a := range running {
		for _, f := range r.inputs[a] {
			r.users[f]++
		}
	}
	// A file no running pass reads is idle from the start (pass.File.Idle).
	for _, f := range r.repo.Files() {
		if r.users[f] == 0 {
			f.ReleaseBytes()
		}
	}
}

// doneWith records that a pass is done with a file, releasing the file's
// syntax when no running pass still needs it.
func (r *run) doneWith(a *acr.Analyzer, f *pass.File) {
	r.mu.Lock()
	k := doneKey{a, f}
	if r.doneSet[k] {
		r.mu.Unlock()
		return
	}
	r.doneSet[k] = true
	r.users[f]--
	last := r.users[f] == 0
	r.mu.Unlock()
	if last {
		f.ReleaseBytes()
	}
}

// setExamined records what a pass examined.
func (r *run) setExamined(a *acr.Analyzer, counts []acr.Count) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.examined == nil {
		r.examined = map[*acr.Analyzer][]acr.Count{}
	}
	r.examined[a] = counts
}

// notePass records notes of a pass.
func (r *run) notePass(a *acr.Analyzer, notes ...Note) {
	if len(notes) == 0 {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.passNotes == nil {
		r.passNotes = map[*acr.Analyzer][]Note{}
	}
	r.passNotes[a] = append(r.passNotes[a], notes...)
}

type outcome struct {
	result any
	err    error
	done   chan struct{}
}

// addDiag records a diagnostic of a pass. The slice doubles when full:
// append grows a large slice by a quarter at a time, and a pass reporting
// a hundred thousand findings allocated five times their size.
func (r *run) addDiag(d rawDiag) {
	r.mu.Lock()
	if len(r.diags) == cap(r.diags) {
		r.diags = slices.Grow(r.diags, len(r.diags)+1)
	}
	r.diags = append(r.diags, d)
	r.mu.Unlock()
}

type rawDiag struct {
	analyzer *acr.Analyzer
	diag     acr.Diagnostic
	note     bool // reported at note severity (Pass.ReportNote)
}
