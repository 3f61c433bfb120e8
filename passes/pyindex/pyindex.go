package pyindex

import (
	"reflect"
	"strings"
	"sync"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/pass"
	"github.com/acrvet/acr/pass/python"
)

// Analyzer is the helper every Python pass requires. Its result is an
// *Index; it parses nothing until a pass asks for a file's Module.
var Analyzer = &acr.Analyzer{
	Name: "pyindex",
	Doc: "index Python modules: imports, scopes, functions, calls and simple types\n\n" +
		"pyindex is a helper analyzer, like go/analysis's inspect: it reports nothing. " +
		"Passes read its *pyindex.Index result and call Index.Module(file), which parses the file " +
		"(once per run, shared with every other pass) and summarizes it on first use.",
	Kinds:      []pass.Kind{pass.Python},
	Run:        run,
	ResultType: reflect.TypeFor[*Index](),
}

func run(*acr.Pass) (any, error) { return &Index{}, nil }

// An Index hands out the Module summary of any Python file of the run,
// building each at most once. It is safe for concurrent use.
type Index struct {
	// globals holds, per file parsed through the Index (*pass.File to
	// map[string]global), what Global binds the names that are defs or
	// re-exports to, which outlives the file's tree: a check that runs
	// after every pass is done with a module learns what an imported name
	// is there without parsing it again (see GlobalOf). A nil map: the
	// file does not parse.
	globals sync.Map
}

// A global is what a module-level name binds, as far as GlobalOf tells.
type global struct {
	def      bool   // a def
	reexport string // an import (not *) of this qualified name
}

type moduleKey struct{}

// Module returns the summary of f. When f has syntax errors the summary of
// the recovered tree is returned together with the *pass.SyntaxError; when
// f cannot be parsed at all the Module is nil.
func (ix *Index) Module(f *pass.File) (*Module, error) {
	return pass.Cached(f, moduleKey{}, func() (*Module, error) {
		tree, err := python.Parse(f)
		return ix.build(f, tree), err
	})
}

// Detached returns the summary of f parsed outside its memo
// (python.ParseDetached), for a file every pass is done with
// (pass.File.Idle): it dies with the caller's reference.
func (ix *Index) Detached(f *pass.File) *Module {
	tree, _ := python.ParseDetached(f)
	return ix.build(f, tree)
}

func (ix *Index) build(f *pass.File, tree *python.Tree) *Module {
	if tree == nil {
		ix.globals.Store(f, map[string]global(nil))
		return nil
	}
	m := Build(tree)
	globals := map[string]global{}
	for name := range m.Scope.Bindings {
		switch b := m.Global(name); {
		case b == nil:
		case b.Kind == DefBinding:
			globals[strings.Clone(name)] = global{def: true}
		case b.Kind == ImportBinding && !b.Import.Star && b.Import.Qualified != "":
			globals[strings.Clone(name)] = global{reexport: strings.Clone(b.Import.Qualified)}
		}
	}
	ix.globals.Store(f, globals)
	return m
}

// GlobalOf tells, without parsing f, what Global(name) of f's Module
// binds: whether it is a def, and the qualified name it imports when it
// is an import (not *) that names one (Import.Qualified), "" otherwise.
// known is false when f was never parsed through the Index. A file that
// does not parse binds nothing.
func (ix *Index) GlobalOf(f *pass.File, name string) (def bool, reexport string, known bool) {
	v, ok := ix.globals.Load(f)
	if !ok {
		return false, "", false
	}
	g := v.(map[string]global)[name]
	return g.def, g.reexport, true
}
