// Package testpasses holds small passes that exercise the driver and
// analysistest in their own tests: they stand for a custom pass a Go tool
// author writes outside acr's own passes.
package testpasses

import (
	"bytes"
	"errors"
	"reflect"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/pass"
)

// TodoRule is reported by Todo.
var TodoRule = &acr.Rule{
	ID: "TODO001", Name: "todo-marker", Title: "TODO left in an artifact",
	Severity: acr.SeverityNote, View: acr.Development, Since: "v0.1.0",
	Criteria: []string{"T-DEV-1.2"},
	What:     "Reports lines that contain TODO.", Why: "Unfinished work should be tracked in an issue.",
}

// Todo reports every line containing TODO in Python, SQL, YAML and
// Dockerfiles, with a fix that replaces TODO by DONE.
var Todo = &acr.Analyzer{
	Name:     "todo",
	Doc:      "report TODO markers\n\nA test pass that reads text artifacts of several kinds.",
	Kinds:    []pass.Kind{pass.Python, pass.SQL, pass.YAML, pass.Compose, pass.Kubernetes, pass.Dockerfile},
	Triggers: []string{"TODO"},
	Rules:    []*acr.Rule{TodoRule},
	Run: func(p *acr.Pass) (any, error) {
		p.Examined("text file", len(p.Files), TodoRule)
		p.ForEachFile(p.Files, func(f *pass.File) {
			c := f.Content()
			for off := 0; ; {
				i := bytes.Index(c[off:], []byte("TODO"))
				if i < 0 {
					break
				}
				at := off + i
				p.Report(acr.Diagnostic{
					Pos: f.Pos(at), End: f.Pos(at + 4), Category: TodoRule.ID,
					Message: "todo marker in " + string(f.Kind),
					SuggestedFixes: []acr.SuggestedFix{{Message: "mark done", TextEdits: []acr.TextEdit{
						{Pos: f.Pos(at), End: f.Pos(at + 4), NewText: []byte("DONE")},
					}}},
				})
				off = at + 4
			}
		})
		return nil, nil
	},
}

// ZipRule is reported by Zips.
var ZipRule = &acr.Rule{
	ID: "ZIP001", Name: "zip-artifact", Title: "zip artifact found",
	Severity: acr.SeverityNote, View: acr.Development, Since: "v0.1.0",
	Criteria: []string{"T-DEV-1.1"},
	What:     "Reports each zip artifact with its size.", Why: "A test rule.",
}

// Zips reports every zip artifact, a whole-file finding.
var Zips = &acr.Analyzer{
	Name:  "zips",
	Doc:   "report zip artifacts",
	Kinds: []pass.Kind{pass.Zip},
	Rules: []*acr.Rule{ZipRule},
	Run: func(p *acr.Pass) (any, error) {
		for _, f := range p.Files {
			p.ReportFile(ZipRule, f, "zip artifact of %d bytes", f.Size)
		}
		return nil, nil
	},
}

// Counter is a helper pass with a result: the number of Python files its
// dependents read.
var Counter = &acr.Analyzer{
	Name:       "counter",
	Doc:        "count python inputs",
	Kinds:      []pass.Kind{pass.Python},
	ResultType: reflect.TypeOf(0),
	Run:        func(p *acr.Pass) (any, error) { return len(p.Files), nil },
}

// CountRule is reported by Count.
var CountRule = &acr.Rule{
	ID: "CNT001", Name: "count", Title: "python file count",
	Severity: acr.SeverityNote, Since: "v0.1.0", What: "Reports how many Python files were read.", Why: "A test rule.",
}

// Count requires Counter and reports its result on each input.
var Count = &acr.Analyzer{
	Name:     "count",
	Doc:      "report the python file count",
	Kinds:    []pass.Kind{pass.Python},
	Triggers: []string{"async def"},
	Requires: []*acr.Analyzer{Counter},
	Rules:    []*acr.Rule{CountRule},
	Run: func(p *acr.Pass) (any, error) {
		n := p.ResultOf[Counter].(int)
		for _, f := range p.Files {
			p.ReportFile(CountRule, f, "counter saw %d files", n)
		}
		return nil, nil
	},
}

// PanicRule is reported by Panicky.
var PanicRule = &acr.Rule{
	ID: "PANIC001", Name: "panicky", Title: "test rule", Severity: acr.SeverityNote, Since: "v0.1.0",
	What: "Reports each Python file, but panics on files named boom.py.", Why: "A test rule.",
}

// Panicky panics on boom.py and reports every other Python file.
var Panicky = &acr.Analyzer{
	Name:  "panicky",
	Doc:   "panic on boom.py",
	Kinds: []pass.Kind{pass.Python},
	Rules: []*acr.Rule{PanicRule},
	Run: func(p *acr.Pass) (any, error) {
		p.ForEachFile(p.Files, func(f *pass.File) {
			if f.Path == "boom.py" {
				panic("boom")
			}
			p.ReportFile(PanicRule, f, "seen")
		})
		return nil, nil
	},
}

// Failing always fails; Dependent requires it.
var Failing = &acr.Analyzer{
	Name: "failing", Doc: "always fail",
	Run: func(*acr.Pass) (any, error) { return nil, errors.New("cannot run") },
}

// DependentRule is reported by Dependent.
var DependentRule = &acr.Rule{
	ID: "DEP001", Name: "dependent", Title: "test rule", Severity: acr.SeverityNote, Since: "v0.1.0",
	What: "Never reported: its prerequisite fails.", Why: "A test rule.",
}

// Dependent requires Failing, so it never runs.
var Dependent = &acr.Analyzer{
	Name: "dependent", Doc: "depend on a failing pass",
	Requires: []*acr.Analyzer{Failing},
	Rules:    []*acr.Rule{DependentRule},
	Run:      func(*acr.Pass) (any, error) { panic("must not run") },
}
