package output

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
)

// The JSON and SARIF writers order results with these comparators, and the
// merge of CI shards uses them again, so the merged output of the shards
// of a run is byte for byte the output of the run.

func jsonLess(a, b JSONDiagnostic) bool {
	if a.Path != b.Path {
		return a.Path < b.Path
	}
	ka := [4]int{a.Line, a.Column, a.EndLine, a.EndColumn}
	kb := [4]int{b.Line, b.Column, b.EndLine, b.EndColumn}
	if ka != kb {
		for i := range ka {
			if ka[i] != kb[i] {
				return ka[i] < kb[i]
			}
		}
	}
	if a.Rule != b.Rule {
		return a.Rule < b.Rule
	}
	return a.Message < b.Message
}

func sameJSON(a, b JSONDiagnostic) bool {
	return a.Path == b.Path && a.Line == b.Line && a.Column == b.Column && a.EndLine == b.EndLine &&
		a.EndColumn == b.EndColumn && a.Rule == b.Rule && a.Message == b.Message
}

func sarifKey(r SARIFResult) (string, [4]int) {
	if len(r.Locations) == 0 || r.Locations[0].PhysicalLocation == nil {
		return "", [4]int{}
	}
	pl := r.Locations[0].PhysicalLocation
	var k [4]int
	if pl.Region != nil {
		k = [4]int{pl.Region.StartLine, pl.Region.StartColumn, pl.Region.EndLine, pl.Region.EndColumn}
	}
	return pl.ArtifactLocation.URI, k
}

func sarifLess(a, b SARIFResult) bool {
	ua, ka := sarifKey(a)
	ub, kb := sarifKey(b)
	if ua != ub {
		return ua < ub
	}
	for i := range ka {
		if ka[i] != kb[i] {
			return ka[i] < kb[i]
		}
	}
	if a.RuleID != b.RuleID {
		return a.RuleID < b.RuleID
	}
	return a.Message.Text < b.Message.Text
}

// Merge reads the JSON reports or SARIF logs that the shards of one run
// (-shard i/n) wrote, and writes the single report the run would have
// written: findings of all shards in order, notes and errors once each.
// All inputs must be of one format, which is detected from their content.
func Merge(w *bytes.Buffer, inputs [][]byte) error {
	if len(inputs) == 0 {
		return errors.New("nothing to merge")
	}
	var probe map[string]json.RawMessage
	if err := json.Unmarshal(inputs[0], &probe); err != nil {
		return fmt.Errorf("input 1: %v", err)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if _, ok := probe["runs"]; ok {
		var logs []*SARIFLog
		for i, in := range inputs {
			var l SARIFLog
			if err := json.Unmarshal(in, &l); err != nil || len(l.Runs) != 1 {
				return fmt.Errorf("input %d: not a SARIF log with one run", i+1)
			}
			logs = append(logs, &l)
		}
		merged, err := MergeSARIF(logs)
		if err != nil {
			return err
		}
		return enc.Encode(merged)
	}
	var reps []*JSONReport
	for i, in := range inputs {
		var r JSONReport
		if err := json.Unmarshal(in, &r); err != nil || r.Version == 0 {
			return fmt.Errorf("input %d: not an acrvet JSON report", i+1)
		}
		reps = append(reps, &r)
	}
	return enc.Encode(MergeJSON(reps))
}

// MergeJSON merges JSON reports of the shards of one run.
func MergeJSON(reps []*JSONReport) *JSONReport {
	out := &JSONReport{Version: reps[0].Version, Root: reps[0].Root, Diagnostics: []JSONDiagnostic{}, Errors: []string{}, Notes: []string{}}
	for _, r := range reps {
		out.Diagnostics = append(out.Diagnostics, r.Diagnostics...)
		out.Errors = append(out.Errors, r.Errors...)
		out.Notes = append(out.Notes, r.Notes...)
	}
	sort.SliceStable(out.Diagnostics, func(i, j int) bool { return jsonLess(out.Diagnostics[i], out.Diagnostics[j]) })
	// A syntax error is reported by every pass that parses the file, and
	// the run keeps it once; passes of two shards may both hit it.
	kept := out.Diagnostics[:0]
	for i, d := range out.Diagnostics {
		if i > 0 && sameJSON(d, out.Diagnostics[i-1]) {
			continue
		}
		kept = append(kept, d)
	}
	out.Diagnostics = kept
	out.Errors = uniqueSorted(out.Errors)
	out.Notes = uniqueSorted(out.Notes)
	return out
}

// MergeSARIF merges SARIF logs of the shards of one run: one run whose
// driver lists the union of the rules.
func MergeSARIF(logs []*SARIFLog) (*SARIFLog, error) {
	first := logs[0].Runs[0]
	run := first
	run.Results = nil
	rules := map[string]SARIFReportingDescr{}
	inv := SARIFInvocation{ExecutionSuccessful: true}
	seenNote := map[string]bool{}
	for _, l := range logs {
		r := l.Runs[0]
		if r.Tool.Driver.Name != first.Tool.Driver.Name || r.Tool.Driver.Version != first.Tool.Driver.Version {
			return nil, fmt.Errorf("logs of different tools cannot be merged: %s %s and %s %s",
				first.Tool.Driver.Name, first.Tool.Driver.Version, r.Tool.Driver.Name, r.Tool.Driver.Version)
		}
		for _, d := range r.Tool.Driver.Rules {
			rules[d.ID] = d
		}
		run.Results = append(run.Results, r.Results...)
		for _, in := range r.Invocations {
			inv.ExecutionSuccessful = inv.ExecutionSuccessful && in.ExecutionSuccessful
			for _, n := range in.ToolExecutionNotifications {
				key := n.Level + "\x00" + n.Message.Text
				if !seenNote[key] {
					seenNote[key] = true
					inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, n)
				}
			}
		}
	}
	ids := make([]string, 0, len(rules))
	for id := range rules {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	index := map[string]int{}
	run.Tool.Driver.Rules = nil
	for i, id := range ids {
		index[id] = i
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, rules[id])
	}
	for i := range run.Results {
		run.Results[i].RuleIndex = index[run.Results[i].RuleID]
	}
	if run.Results == nil {
		run.Results = []SARIFResult{}
	}
	sort.SliceStable(run.Results, func(i, j int) bool { return sarifLess(run.Results[i], run.Results[j]) })
	kept := run.Results[:0]
	for i, r := range run.Results {
		if i > 0 && !sarifLess(run.Results[i-1], r) && !sarifLess(r, run.Results[i-1]) {
			continue // the same finding from two shards, as a run keeps it once
		}
		kept = append(kept, r)
	}
	run.Results = kept
	sortNotifications(inv.ToolExecutionNotifications)
	run.Invocations = []SARIFInvocation{inv}
	return &SARIFLog{Schema: logs[0].Schema, Version: logs[0].Version, Runs: []SARIFRun{run}}, nil
}

func sortNotifications(ns []SARIFNotification) {
	sort.SliceStable(ns, func(i, j int) bool {
		if ns[i].Level != ns[j].Level {
			return ns[i].Level < ns[j].Level
		}
		return ns[i].Message.Text < ns[j].Message.Text
	})
}

func uniqueSorted(s []string) []string {
	sort.Strings(s)
	out := s[:0]
	for i, x := range s {
		if i == 0 || x != s[i-1] {
			out = append(out, x)
		}
	}
	return out
}

// CountReport counts the findings and errors of a JSON report or SARIF
// log, as merge's exit code needs them.
func CountReport(data []byte) (findings, errs int, err error) {
	var probe map[string]json.RawMessage
	if err := json.Unmarshal(data, &probe); err != nil {
		return 0, 0, err
	}
	if _, ok := probe["runs"]; ok {
		var l SARIFLog
		if err := json.Unmarshal(data, &l); err != nil {
			return 0, 0, err
		}
		for _, r := range l.Runs {
			findings += len(r.Results)
			for _, inv := range r.Invocations {
				for _, n := range inv.ToolExecutionNotifications {
					if n.Level == "error" {
						errs++
					}
				}
			}
		}
		return findings, errs, nil
	}
	var r JSONReport
	if err := json.Unmarshal(data, &r); err != nil {
		return 0, 0, err
	}
	return len(r.Diagnostics), len(r.Errors), nil
}
