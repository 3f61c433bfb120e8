package pyindex

import (
	"reflect"

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
type Index struct{}

type moduleKey struct{}

// Module returns the summary of f. When f has syntax errors the summary of
// the recovered tree is returned together with the *pass.SyntaxError; when
// f cannot be parsed at all the Module is nil.
func (*Index) Module(f *pass.File) (*Module, error) {
	return pass.Cached(f, moduleKey{}, func() (*Module, error) {
		tree, err := python.Parse(f)
		if tree == nil {
			return nil, err
		}
		return Build(tree), err
	})
}
