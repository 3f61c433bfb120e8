package acr

import "flag"

// SnapshotFlags records the values of the analyzers' flags and returns a
// function that sets them back. A pass's settings are package variables
// behind its Flags: a process that runs several reviews (a Go tool,
// acrvet mcp, tests) puts them back after each, so that one run's command
// line or .acr.yaml does not reach the next.
func SnapshotFlags(analyzers []*Analyzer) (restore func()) {
	type saved struct {
		a           *Analyzer
		name, value string
	}
	var all []saved
	for _, a := range analyzers {
		a.Flags.VisitAll(func(f *flag.Flag) { all = append(all, saved{a, f.Name, f.Value.String()}) })
	}
	return func() {
		for _, s := range all {
			_ = s.a.Flags.Set(s.name, s.value)
		}
	}
}
