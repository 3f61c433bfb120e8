package layers

import (
	_ "embed"

	"fmt"
	"path"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/pass"
	"github.com/acrvet/acr/pass/role"
	"github.com/acrvet/acr/passes/pyindex"
)

// doc is the package comment: its "# Analyzer layers" section is the
// pass's documentation.
//
//go:embed doc.go
var doc string

// Analyzer checks the plan's monorepo contract: the imports between the
// layers of the repository.
var Analyzer = &acr.Analyzer{
	Name:  "layers",
	Doc:   acr.MustExtractDoc(doc, "layers"),
	Kinds: []pass.Kind{pass.Python},
	// The rule is about every module of a layer that must not import
	// another, whatever its content: no word triggers it, the layer
	// trees name the inputs.
	Triggers: []string{},
	Trees:    layerTrees,
	Requires: []*acr.Analyzer{pyindex.Analyzer},
	Formerly: []string{"mojo"},
	Run:      run,
	Rules:    Rules,
}

func run(p *acr.Pass) (any, error) {
	plan := p.Plan.WithDefaults()
	lm := newLayerMap(plan, p.Repo)
	if lm.err != nil {
		return nil, lm.err
	}
	idx, _ := p.ResultOf[pyindex.Analyzer].(*pyindex.Index)
	if idx == nil {
		return nil, fmt.Errorf("layers: the pyindex result is missing")
	}
	var mu sync.Mutex
	checked := 0
	p.ForEachFile(p.Files, func(f *pass.File) {
		// What the path decides comes first, so only modules with imports
		// to check are parsed: tests may import any layer they test, and a
		// module of no layer that forbids imports has none.
		from := lm.importing(f.Path)
		if len(from) == 0 || role.Of(f.Path, plan.Tests) == role.Test {
			return
		}
		m, err := idx.Module(f)
		if err != nil {
			p.ReportSyntaxError(err)
		}
		if m == nil {
			return
		}
		lm.check(p, m, f, from)
		mu.Lock()
		checked++
		mu.Unlock()
	})
	p.Examined("module of a layer the plan forbids imports from", checked, RuleLayerImport)
	return nil, nil
}

// layerMap is the plan's monorepo contract: named layers, each a set of
// directories, and the forbidden "from -> to" imports between them, in
// the spirit of import-linter's forbidden contracts.
type layerMap struct {
	layers    map[string][]string
	forbidden map[string][]string // from layer -> layers it must not import
	roots     []string            // source roots imports resolve against: "" and the parents of layer dirs
	dirs      map[string]bool     // every directory holding a file of the repository
	modules   map[string]bool     // every .py path of the repository
	common    []string
	err       error
}

func newLayerMap(plan *acr.Plan, repo *pass.Repo) *layerMap {
	lm := &layerMap{
		layers:    map[string][]string{"service": plan.Service, "pipeline": plan.Pipeline, "common": plan.Common},
		forbidden: map[string][]string{},
		dirs:      map[string]bool{},
		modules:   map[string]bool{},
		common:    plan.Common,
	}
	for name, dirs := range plan.ExtraLayers {
		lm.layers[name] = dirs
	}
	for _, rule := range plan.Forbidden {
		from, to, ok := strings.Cut(rule, "->")
		from, to = strings.TrimSpace(from), strings.TrimSpace(to)
		if !ok || lm.layers[from] == nil && from != "service" && from != "pipeline" && from != "common" ||
			lm.layers[to] == nil && to != "service" && to != "pipeline" && to != "common" {
			lm.err = fmt.Errorf("plan.forbidden entry %q is not \"from -> to\" with known layer names", rule)
			continue
		}
		lm.forbidden[from] = append(lm.forbidden[from], to)
	}
	roots := map[string]bool{"": true}
	for _, dirs := range lm.layers {
		for _, d := range dirs {
			for d = path.Dir(strings.Trim(d, "/")); d != "." && d != "/" && d != ""; d = path.Dir(d) {
				roots[d] = true
			}
		}
	}
	for r := range roots {
		lm.roots = append(lm.roots, r)
	}
	sort.Strings(lm.roots)
	for _, f := range repo.Files() {
		if strings.HasSuffix(f.Path, ".py") {
			lm.modules[f.Path] = true
		}
		for d := path.Dir(f.Path); d != "." && d != "/" && !lm.dirs[d]; d = path.Dir(d) {
			lm.dirs[d] = true
		}
	}
	return lm
}

// layerTrees returns the directories of the layers that plan.forbidden
// names on the importing side: each of their modules is an input.
func layerTrees(plan *acr.Plan) []string {
	lm := newLayerMap(plan, pass.NewRepo("", nil))
	var dirs []string
	for from := range lm.forbidden {
		dirs = append(dirs, lm.layers[from]...)
	}
	sort.Strings(dirs)
	return dirs
}

// layersOf returns the layers that hold p.
func (lm *layerMap) layersOf(p string) []string {
	var out []string
	for name, dirs := range lm.layers {
		if len(dirs) > 0 && acr.InTree(p, dirs) {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

// importing returns the layers that hold p and forbid imports from
// another layer.
func (lm *layerMap) importing(p string) []string {
	return slices.DeleteFunc(lm.layersOf(p), func(l string) bool { return len(lm.forbidden[l]) == 0 })
}

// exists reports whether a module path (without .py) is a module or
// package of the repository.
func (lm *layerMap) exists(p string) bool {
	return lm.modules[p+".py"] || lm.dirs[p]
}

// resolve returns the repository path (without .py) an import names, or
// "" when it names no module of the repository.
func (lm *layerMap) resolve(file string, imp *pyindex.Import) string {
	var candidates []string
	mod := strings.ReplaceAll(imp.Module, ".", "/")
	if imp.Level > 0 {
		base := path.Dir(file)
		for i := 1; i < imp.Level; i++ {
			if base == "." || base == "" {
				return ""
			}
			base = path.Dir(base)
		}
		if base == "." {
			base = ""
		}
		candidates = append(candidates, join(base, mod))
	} else {
		for _, r := range lm.roots {
			top, _, _ := strings.Cut(mod, "/")
			if lm.exists(join(r, top)) {
				candidates = append(candidates, join(r, mod))
			}
		}
	}
	for _, c := range candidates {
		if imp.Name != "" && imp.Name != "*" && lm.exists(join(c, imp.Name)) {
			return join(c, imp.Name)
		}
		if lm.exists(c) || imp.Level > 0 {
			return c
		}
	}
	return ""
}

func join(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + "/" + b
}

// check reports the imports of f, a module of the layers from, that cross
// a forbidden boundary.
func (lm *layerMap) check(p *acr.Pass, m *pyindex.Module, f *pass.File, from []string) {
	for _, imp := range m.Imports {
		if imp.Star && imp.Module == "" {
			continue
		}
		target := lm.resolve(f.Path, imp)
		if target == "" {
			continue
		}
		targetLayers := lm.layersOf(target)
		for _, fl := range from {
			for _, banned := range lm.forbidden[fl] {
				if !slices.Contains(targetLayers, banned) || slices.Contains(targetLayers, fl) {
					continue
				}
				shared := "the common library"
				if len(lm.common) > 0 {
					shared = strings.Join(lm.common, ", ")
				}
				p.Reportf(RuleLayerImport, imp.Node.Pos(), imp.Node.EndPos(),
					"%s code imports %s from the %s layer (%s), which the plan forbids: it drags %s dependencies into the %s; move the shared code to %s",
					fl, importText(imp), banned, target, banned, fl, shared)
			}
		}
	}
}

func importText(imp *pyindex.Import) string {
	mod := strings.Repeat(".", imp.Level) + imp.Module
	if imp.Name != "" {
		return mod + "." + imp.Name
	}
	return mod
}
