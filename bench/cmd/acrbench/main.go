// Command acrbench runs acr's passes through checker.Run with the driver
// options acrvet does not expose as flags yet (-cache, -shard, -workers)
// and prints one JSON line of what bench/compare.sh measures: wall time,
// the files and bytes the passes read, what was parsed, findings per pass,
// re-parses, and the process's peak resident memory.
//
// Usage:
//
//	acrbench [flags] root
//
// Flags:
//
//	-passes a,b     passes to run (default: every pass of passes/all)
//	-workers N      worker bound (default GOMAXPROCS)
//	-cache DIR      use a pass cache in DIR (default: no cache)
//	-shard i/n      run shard i of n
//	-json FILE      write the -json report of the run
//	-sarif FILE     write the SARIF report of the run
//	-count N        run N times in one process, to profile short runs;
//	                wall_ms is the median, the other stats the last run's
//	-triggers       print to stderr, for each pass, kind and byte trigger,
//	                how many input files contain it and how many it alone
//	                let in: the table to tune a pass's triggers with
//	-cpuprofile F   write a CPU profile
//	-memprofile F   write an allocation profile at the end of the run
//	-peakprofile F  write the in-use heap profile of the moment the live
//	                heap (as of a GC) was largest: what peak RSS is made of
//	-floor          after the run, parse each Python file it parsed once
//	                more with tree-sitter alone (no flattening, no Go
//	                tree, one thread) and report the CPU time as
//	                floor_ms: the least those parses can cost. cpu_ms is
//	                taken before, and floor_ratio is cpu_ms / floor_ms;
//	                parsed_distinct counts the files, repeated_parses the
//	                parses beyond one per file
//	-mergecheck N   run the whole repository once and as N shards, and
//	                check that the shards' JSON and SARIF results merge
//	                (union, identical findings once) to the whole run's;
//	                exits 1 if they do not
//
// acrbench runs with acrvet's garbage collector settings
// (multichecker.TuneRuntime), so it measures what acrvet does; GOGC and
// GOMEMLIMIT override them as they do acrvet's.
//
// acrbench exits 0 whatever the findings; 2 on a usage or run error.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/checker"
	"github.com/acrvet/acr/multichecker"
	"github.com/acrvet/acr/output"
	"github.com/acrvet/acr/pass"
	"github.com/acrvet/acr/pass/python"
	"github.com/acrvet/acr/passes/all"
)

// version is the cache version acrbench writes under; it is not acr's
// release version, so benchmark caches never mix with a user's.
const version = "acrbench"

var (
	passesFlag = flag.String("passes", "", "comma-separated passes to run (default: all)")
	workers    = flag.Int("workers", 0, "worker bound (0: GOMAXPROCS)")
	cacheDir   = flag.String("cache", "", "pass cache directory (empty: no cache)")
	shardFlag  = flag.String("shard", "", "run shard i/n")
	jsonOut    = flag.String("json", "", "write the JSON report to this file")
	sarifOut   = flag.String("sarif", "", "write the SARIF report to this file")
	cpuProfile = flag.String("cpuprofile", "", "write a CPU profile to this file")
	memProfile = flag.String("memprofile", "", "write an allocation profile to this file")
	peakProf   = flag.String("peakprofile", "", "write the heap profile taken when the live heap was largest to this file")
	mergeCheck = flag.Int("mergecheck", 0, "check that N shards merge to one run")
	triggers   = flag.Bool("triggers", false, "print, per pass and byte trigger, the input files it matched and those it alone let in")
	floor      = flag.Bool("floor", false, "report the tree-sitter parse floor of the files the run parsed")
	count      = flag.Int("count", 1, "run N times in this process (to profile short runs); stats are the last run's, wall_ms the median")
)

// PassStats is what one pass read and found.
type PassStats struct {
	Inputs            int   `json:"inputs"`
	InputBytes        int64 `json:"input_bytes"`
	FilesWithFindings int   `json:"files_with_findings"`
	Findings          int   `json:"findings"`
}

// Stats is the line acrbench prints.
type Stats struct {
	WallMs          float64               `json:"wall_ms"`
	Files           int                   `json:"files"`
	InputFiles      int                   `json:"input_files"` // files some pass read
	InputBytes      int64                 `json:"input_bytes"`
	ParsedPyFiles   int64                 `json:"parsed_py_files"`
	ParsedPyBytes   int64                 `json:"parsed_py_bytes"`
	Findings        int                   `json:"findings"`
	Suppressed      int                   `json:"suppressed"`
	Errors          int                   `json:"errors"`
	Notes           int                   `json:"notes"`
	Reparsed        int                   `json:"reparsed"`
	Passes          map[string]*PassStats `json:"passes"`
	Rules           map[string]int        `json:"rules"`
	MaxRSSKB        int64                 `json:"maxrss_kb"`
	CPUMs           float64               `json:"cpu_ms"` // user + system time of the process
	TotalAllocMB    float64               `json:"total_alloc_mb"`
	Mallocs         uint64                `json:"mallocs"`
	NumGC           uint32                `json:"num_gc"`
	GoMaxProcs      int                   `json:"gomaxprocs"`
	ParsedDistinct  int                   `json:"parsed_distinct,omitempty"`
	RepeatedParses  int                   `json:"repeated_parses,omitempty"`
	FloorMs         float64               `json:"floor_ms,omitempty"`
	FloorRatio      float64               `json:"floor_ratio,omitempty"`
	MergeCheckedOK  *bool                 `json:"merge_ok,omitempty"`
	MergeDuplicates int                   `json:"merge_duplicates,omitempty"`
}

func main() {
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: acrbench [flags] root")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	multichecker.TuneRuntime()
	if err := run(flag.Arg(0)); err != nil {
		fmt.Fprintln(os.Stderr, "acrbench:", err)
		os.Exit(2)
	}
}

func run(root string) error {
	analyzers, err := choose(*passesFlag)
	if err != nil {
		return err
	}
	opts := checker.Options{Root: root, Workers: *workers, PassesChosen: true}
	if *cacheDir != "" {
		opts.Cache = &checker.Cache{Dir: *cacheDir, Version: version}
	}
	if *shardFlag != "" {
		if _, err := fmt.Sscanf(*shardFlag, "%d/%d", &opts.Shard, &opts.Shards); err != nil {
			return fmt.Errorf("-shard %q: want i/n", *shardFlag)
		}
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	if *memProfile != "" {
		runtime.MemProfileRate = 64 << 10
	}

	if *peakProf != "" {
		stop := watchPeak(*peakProf)
		defer stop()
	}
	var ms0 runtime.MemStats
	runtime.ReadMemStats(&ms0)
	var res *checker.Result
	var walls []time.Duration
	var pyFiles0, pyBytes0 int64
	for i := 0; i < max(*count, 1); i++ {
		pyFiles0, pyBytes0 = python.Stats()
		if *floor {
			python.TrackParses()
		}
		start := time.Now()
		res, err = checker.Run([]string{root + "/..."}, analyzers, opts)
		if err != nil {
			return err
		}
		walls = append(walls, time.Since(start))
	}
	sort.Slice(walls, func(i, j int) bool { return walls[i] < walls[j] })
	wall := walls[len(walls)/2]
	pyFiles1, pyBytes1 := python.Stats()
	var ms1 runtime.MemStats
	runtime.ReadMemStats(&ms1)

	st := stats(res)
	st.WallMs = float64(wall.Microseconds()) / 1e3
	st.ParsedPyFiles, st.ParsedPyBytes = pyFiles1-pyFiles0, pyBytes1-pyBytes0
	st.TotalAllocMB = float64(ms1.TotalAlloc-ms0.TotalAlloc) / (1 << 20)
	st.Mallocs = ms1.Mallocs - ms0.Mallocs
	st.NumGC = ms1.NumGC - ms0.NumGC
	st.GoMaxProcs = runtime.GOMAXPROCS(0)

	if *memProfile != "" {
		f, err := os.Create(*memProfile)
		if err != nil {
			return err
		}
		if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
			return err
		}
		f.Close()
	}
	if *triggers {
		if err := triggerTable(os.Stderr, res); err != nil {
			return err
		}
	}
	if *jsonOut != "" {
		if err := writeJSON(*jsonOut, output.BuildJSON(res, res.Findings)); err != nil {
			return err
		}
	}
	if *sarifOut != "" {
		if err := writeJSON(*sarifOut, output.BuildSARIF(res, res.Findings, output.Options{ToolName: "acrvet"})); err != nil {
			return err
		}
	}
	if *mergeCheck > 1 {
		ok, dups, err := checkMerge(root, analyzers, res, *mergeCheck)
		if err != nil {
			return err
		}
		st.MergeCheckedOK, st.MergeDuplicates = &ok, dups
		defer func() {
			if !ok {
				os.Exit(1)
			}
		}()
	}
	st.MaxRSSKB, st.CPUMs = usage()
	if *floor {
		pprof.StopCPUProfile() // the profile is the run's alone
		if err := parseFloor(st, res); err != nil {
			return err
		}
	}
	return json.NewEncoder(os.Stdout).Encode(st)
}

// parseFloor sets the floor fields of st: the tree-sitter CPU time of
// one parse of each file the run parsed.
func parseFloor(st *Stats, res *checker.Result) error {
	var floor time.Duration
	for path, n := range python.Tracked() {
		if path == "" {
			return fmt.Errorf("-floor: %d sources were parsed without a file, so the floor cannot count them", n)
		}
		st.ParsedDistinct++
		st.RepeatedParses += n - 1
		f := res.Repo.Lookup(path)
		if f == nil {
			return fmt.Errorf("-floor: parsed %s, which is not a file of the run", path)
		}
		src, err := os.ReadFile(f.OSPath)
		if err != nil {
			return err
		}
		cpu, ok := python.TreeSitterCPU(src)
		if !ok {
			return fmt.Errorf("-floor: tree-sitter failed on %s", path)
		}
		floor += cpu
	}
	st.FloorMs = float64(floor.Microseconds()) / 1e3
	if st.FloorMs > 0 {
		st.FloorRatio = math.Round(st.CPUMs/st.FloorMs*1000) / 1000
	}
	return nil
}

// watchPeak polls the live heap after each GC and, each time it grows past
// the largest seen by a tenth, writes the heap profile to path. The
// returned func stops the polling.
func watchPeak(path string) func() {
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		var peak uint64
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
			}
			metrics.Read(sample)
			if live := sample[0].Value.Uint64(); live > peak+peak/10 {
				peak = live
				if f, err := os.Create(path); err == nil {
					pprof.Lookup("heap").WriteTo(f, 0)
					f.Close()
				}
			}
		}
	}()
	return func() { close(done); <-finished }
}

func choose(names string) ([]*acr.Analyzer, error) {
	if names == "" || names == "all" {
		return all.Analyzers(), nil
	}
	byName := map[string]*acr.Analyzer{}
	for _, a := range all.Analyzers() {
		byName[a.Name] = a
	}
	var out []*acr.Analyzer
	for _, n := range strings.Split(names, ",") {
		a := byName[strings.TrimSpace(n)]
		if a == nil {
			return nil, fmt.Errorf("no pass %q", n)
		}
		out = append(out, a)
	}
	return out, nil
}

// stats counts a run's inputs and findings, per pass and in total.
func stats(res *checker.Result) *Stats {
	st := &Stats{
		Files: len(res.Repo.Files()), Findings: len(res.Findings), Suppressed: len(res.Suppressed),
		Errors: len(res.Errors), Notes: len(res.Notes), Reparsed: res.Reparsed,
		Passes: map[string]*PassStats{}, Rules: map[string]int{},
	}
	read := map[string]int64{}
	for a, in := range res.Inputs {
		ps := &PassStats{Inputs: len(in)}
		for _, f := range in {
			ps.InputBytes += f.Size
			read[f.Path] = f.Size
		}
		st.Passes[a.Name] = ps
	}
	for _, n := range read {
		st.InputFiles++
		st.InputBytes += n
	}
	withFindings := map[string]map[string]bool{}
	for _, fd := range res.Findings {
		st.Rules[fd.Rule.ID]++
		name := "driver"
		if fd.Analyzer != nil {
			name = fd.Analyzer.Name
		}
		ps := st.Passes[name]
		if ps == nil {
			ps = &PassStats{}
			st.Passes[name] = ps
		}
		ps.Findings++
		if fd.File != nil {
			if withFindings[name] == nil {
				withFindings[name] = map[string]bool{}
			}
			withFindings[name][fd.File.Path] = true
		}
	}
	for name, files := range withFindings {
		st.Passes[name].FilesWithFindings = len(files)
	}
	return st
}

// checkMerge runs n shards and compares their merged JSON diagnostics
// and SARIF results with the whole run's. Merging is the union with the
// driver's own deduplication of identical diagnostics: a syntax error that
// a file-local pass hits in shard k and a whole-repository pass hits in
// shard 0 is one finding, as it is in one run. Plain concatenation would
// repeat it; the number of such repeats is printed.
func checkMerge(root string, analyzers []*acr.Analyzer, whole *checker.Result, n int) (ok bool, dups int, err error) {
	wantJSON, wantSARIF := reportKeys(whole)
	var gotJSON, gotSARIF []string
	for i := 0; i < n; i++ {
		res, err := checker.Run([]string{root + "/..."}, analyzers, checker.Options{Root: root, Workers: *workers, PassesChosen: true, Shard: i, Shards: n})
		if err != nil {
			return false, 0, err
		}
		j, s := reportKeys(res)
		gotJSON = append(gotJSON, j...)
		gotSARIF = append(gotSARIF, s...)
	}
	gotJSON, dups = union(gotJSON)
	gotSARIF, _ = union(gotSARIF)
	ok = true
	for _, c := range []struct {
		name      string
		want, got []string
	}{{"json", wantJSON, gotJSON}, {"sarif", wantSARIF, gotSARIF}} {
		if d := diff(c.want, c.got); d != "" {
			ok = false
			fmt.Fprintf(os.Stderr, "acrbench: %d shards do not merge to one run (%s):\n%s", n, c.name, d)
		}
	}
	if dups > 0 {
		fmt.Fprintf(os.Stderr, "acrbench: %d findings repeated across shards; merged as the driver deduplicates\n", dups)
	}
	return ok, dups, nil
}

// union sorts lines and drops repeats, returning how many it dropped.
func union(lines []string) ([]string, int) {
	sort.Strings(lines)
	out := lines[:0]
	for i, l := range lines {
		if i > 0 && l == lines[i-1] {
			continue
		}
		out = append(out, l)
	}
	return out, len(lines) - len(out)
}

// reportKeys renders each JSON diagnostic and SARIF result of a run as
// one canonical line, sorted.
func reportKeys(res *checker.Result) (jsonKeys, sarifKeys []string) {
	for _, d := range output.BuildJSON(res, res.Findings).Diagnostics {
		b, _ := json.Marshal(d)
		jsonKeys = append(jsonKeys, string(b))
	}
	log := output.BuildSARIF(res, res.Findings, output.Options{ToolName: "acrvet"})
	for _, r := range log.Runs[0].Results {
		r.RuleIndex = 0 // an index into the run's rule table, which may differ by shard
		b, _ := json.Marshal(r)
		sarifKeys = append(sarifKeys, string(b))
	}
	sort.Strings(jsonKeys)
	sort.Strings(sarifKeys)
	return jsonKeys, sarifKeys
}

// diff lists the lines of two sorted multisets that differ, at most ten.
func diff(want, got []string) string {
	var b strings.Builder
	n := 0
	i, j := 0, 0
	for (i < len(want) || j < len(got)) && n < 10 {
		switch {
		case j >= len(got) || i < len(want) && want[i] < got[j]:
			fmt.Fprintf(&b, "  only in the whole run: %s\n", want[i])
			i++
			n++
		case i >= len(want) || got[j] < want[i]:
			fmt.Fprintf(&b, "  only in the shards:    %s\n", got[j])
			j++
			n++
		default:
			i++
			j++
		}
	}
	return b.String()
}

// triggerTable prints, for each pass with inputs, each kind and each of
// its byte triggers: the input files containing the trigger, those no
// other trigger of the pass let in ("alone"), and their bytes.
func triggerTable(w io.Writer, res *checker.Result) error {
	var names []string
	byName := map[string]*acr.Analyzer{}
	for a := range res.Inputs {
		if a.Triggers != nil || a.KindTriggers != nil {
			names = append(names, a.Name)
			byName[a.Name] = a
		}
	}
	sort.Strings(names)
	fmt.Fprintf(w, "%-12s %-12s %-24s %7s %7s %10s\n", "pass", "kind", "trigger", "files", "alone", "alone KB")
	for _, name := range names {
		a := byName[name]
		type count struct {
			files, alone int
			aloneBytes   int64
		}
		counts := map[pass.Kind]map[string]*count{}
		for _, f := range res.Inputs[a] {
			ts := a.Triggers
			if kt, ok := a.KindTriggers[f.Kind]; ok {
				ts = kt
			}
			if ts == nil {
				continue
			}
			data, err := os.ReadFile(f.OSPath)
			if err != nil {
				return err
			}
			var hit []string
			for _, t := range ts {
				if bytes.Contains(data, []byte(t)) {
					hit = append(hit, t)
				}
			}
			if counts[f.Kind] == nil {
				counts[f.Kind] = map[string]*count{}
			}
			for _, t := range hit {
				c := counts[f.Kind][t]
				if c == nil {
					c = &count{}
					counts[f.Kind][t] = c
				}
				c.files++
				if len(hit) == 1 {
					c.alone++
					c.aloneBytes += f.Size
				}
			}
		}
		var kinds []string
		for k := range counts {
			kinds = append(kinds, string(k))
		}
		sort.Strings(kinds)
		for _, k := range kinds {
			var ts []string
			for t := range counts[pass.Kind(k)] {
				ts = append(ts, t)
			}
			sort.Slice(ts, func(i, j int) bool {
				ci, cj := counts[pass.Kind(k)][ts[i]], counts[pass.Kind(k)][ts[j]]
				if ci.files != cj.files {
					return ci.files > cj.files
				}
				return ts[i] < ts[j]
			})
			for _, t := range ts {
				c := counts[pass.Kind(k)][t]
				fmt.Fprintf(w, "%-12s %-12s %-24q %7d %7d %10d\n", name, k, t, c.files, c.alone, c.aloneBytes/1024)
			}
		}
	}
	return nil
}

func writeJSON(path string, v any) error {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(data, '\n'), 0o644)
}

// usage returns the peak resident set size of this process, in KiB, and
// the CPU time it used so far, in milliseconds: on a shared machine CPU
// time is steadier than wall time.
func usage() (int64, float64) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, 0
	}
	cpu := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	return ru.Maxrss, float64(cpu.Microseconds()) / 1e3
}
