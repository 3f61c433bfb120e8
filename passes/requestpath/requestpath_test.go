package requestpath_test

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/analysistest"
	"github.com/acrvet/acr/checker"
	"github.com/acrvet/acr/pass"
	"github.com/acrvet/acr/pass/python"
	"github.com/acrvet/acr/passes/pyindex"
	"github.com/acrvet/acr/passes/requestpath"
)

var placeRule = &acr.Rule{
	ID: "PLACE001", Name: "place", Title: "where a function runs", Severity: acr.SeverityNote, View: acr.Process,
	What: "Reports the place of every function.", Why: "Tests pin the request path.",
}

// placer reports where each function of its inputs runs, so golden files
// pin the graph: entry points, calls across modules, roles and commands.
var placer = &acr.Analyzer{
	Name:     "placer",
	Doc:      "report the place of every function",
	Kinds:    []pass.Kind{pass.Python},
	Requires: []*acr.Analyzer{pyindex.Analyzer, requestpath.Analyzer},
	Rules:    []*acr.Rule{placeRule},
	Run: func(p *acr.Pass) (any, error) {
		ix := p.ResultOf[pyindex.Analyzer].(*pyindex.Index)
		g := p.ResultOf[requestpath.Analyzer].(*requestpath.Graph)
		mods := map[*pass.File]*pyindex.Module{}
		for _, f := range p.Files {
			if m, _ := ix.Module(f); m != nil {
				g.Add(f, m)
				mods[f] = m
			}
		}
		for _, f := range p.Files {
			if m := mods[f]; m != nil {
				for _, fn := range m.Functions {
					place := g.Place(f, fn.Start())
					p.Reportf(placeRule, f.Pos(fn.Start()), f.Pos(fn.Start()+1), "%s: %s", place.Kind, place.Why())
				}
			}
		}
		return nil, nil
	},
}

func TestPlaces(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), placer, "app", "plan")
}

// asksFirst asks the graph before handing it any module, as a pass does
// when another pass that requires the graph asked first, then hands in
// its modules and asks again. The graph must answer as it answers placer,
// which hands everything in before it asks.
var asksFirst = &acr.Analyzer{
	Name:     "asksfirst",
	Doc:      "report the place of every function, asking before handing in",
	Kinds:    []pass.Kind{pass.Python},
	Requires: []*acr.Analyzer{pyindex.Analyzer, requestpath.Analyzer},
	Rules:    []*acr.Rule{{ID: "PLACE002", Name: "place-first", Title: placeRule.Title, Severity: acr.SeverityNote, View: acr.Process, What: placeRule.What, Why: placeRule.Why}},
	Run: func(p *acr.Pass) (any, error) {
		ix := p.ResultOf[pyindex.Analyzer].(*pyindex.Index)
		g := p.ResultOf[requestpath.Analyzer].(*requestpath.Graph)
		if len(p.Files) > 0 {
			g.Place(p.Files[0], -1)
		}
		for _, f := range p.Files {
			if m, _ := ix.Module(f); m != nil {
				g.Add(f, m)
				for _, fn := range m.Functions {
					place := g.Place(f, fn.Start())
					p.Reportf(p.Analyzer.Rules[0], f.Pos(fn.Start()), f.Pos(fn.Start()+1), "%s: %s", place.Kind, place.Why())
				}
			}
		}
		return nil, nil
	},
}

// TestPlacesDoNotDependOnWhoAsksFirst: the graph's answers do not depend
// on which modules the passes handed in before the first question.
func TestPlacesDoNotDependOnWhoAsksFirst(t *testing.T) {
	dir, err := filepath.Abs(filepath.Join("testdata", "src", "app"))
	if err != nil {
		t.Fatal(err)
	}
	places := func(a *acr.Analyzer) []string {
		res, err := checker.Run([]string{dir}, []*acr.Analyzer{a}, checker.Options{Root: dir})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, f := range res.Findings {
			out = append(out, fmt.Sprintf("%s:%d: %s", f.Posn.Path, f.Posn.Line, f.Diagnostic.Message))
		}
		return out
	}
	handsIn, asks := places(placer), places(asksFirst)
	if len(handsIn) == 0 {
		t.Fatal("placer placed nothing")
	}
	if !slices.Equal(handsIn, asks) {
		t.Errorf("the places differ when the graph is asked before modules are handed in\nhanded in first:\n%s\nasked first:\n%s", strings.Join(handsIn, "\n"), strings.Join(asks, "\n"))
	}
}

// TestGraphSharesParses: a module the graph parses before any pass has
// handed it in (asksFirst asks before it parses) is parsed once, through
// pyindex's memo, which the pass then finds filled.
func TestGraphSharesParses(t *testing.T) {
	dir, err := filepath.Abs(filepath.Join("testdata", "src", "app"))
	if err != nil {
		t.Fatal(err)
	}
	python.TrackParses()
	res, err := checker.Run([]string{dir}, []*acr.Analyzer{asksFirst}, checker.Options{Root: dir})
	if err != nil {
		t.Fatal(err)
	}
	parses := python.Tracked()
	if len(parses) == 0 || len(res.Findings) == 0 {
		t.Fatalf("nothing parsed or placed: %v", parses)
	}
	for path, n := range parses {
		if path == "" || n != 1 {
			t.Errorf("%q parsed %d times, want once", path, n)
		}
	}
}
