package requestpath_test

import (
	"testing"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/analysistest"
	"github.com/acrvet/acr/pass"
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
