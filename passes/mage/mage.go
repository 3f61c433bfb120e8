package mage

import (
	_ "embed"

	"fmt"
	"strings"
	"sync"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/pass"
	"github.com/acrvet/acr/pass/python"
	"github.com/acrvet/acr/passes/pyindex"
)

// doc is the package comment: its "# Analyzer mage" section is the pass's
// documentation.
//
//go:embed doc.go
var doc string

// Analyzer checks that Mage blocks are atomic: transformers return
// DataFrames and leave I/O to exporters, loaders leave writes to them.
var Analyzer = &acr.Analyzer{
	Name:     "mage",
	Doc:      acr.MustExtractDoc(doc, "mage"),
	Kinds:    []pass.Kind{pass.Python},
	Triggers: []string{"transformer", "data_loader"},
	Requires: []*acr.Analyzer{pyindex.Analyzer},
	Formerly: []string{"schemadrift"},
	// Not file-local: a block's helpers may live in other modules of the
	// repository.
	Run:   run,
	Rules: Rules,
}

// checker is one run of the pass.
type checker struct {
	pass    *acr.Pass
	ix      *pyindex.Index
	modules *moduleIndex
	mu      sync.Mutex
	// projects knows which blocks the project's pipelines run.
	projects projects
	// transformerBlocks and loaderBlocks count the Mage blocks reviewed.
	transformerBlocks, loaderBlocks int
}

func run(p *acr.Pass) (any, error) {
	ix, _ := p.ResultOf[pyindex.Analyzer].(*pyindex.Index)
	if ix == nil {
		return nil, fmt.Errorf("mage: the pyindex result is missing")
	}
	c := &checker{pass: p, ix: ix}
	if p.Repo != nil {
		c.modules = &moduleIndex{files: p.Repo.OfKind(pass.Python)}
	}
	p.ForEachFile(p.Files, func(f *pass.File) {
		m, _ := ix.Module(f)
		if m == nil {
			return
		}
		t := &tracer{ix: ix, modules: c.modules, memo: map[*pyindex.Function][2]*trace{}}
		fl := &flow{m: m, helpers: map[*pyindex.Function]shape{}}
		var b *block // the file's; whether a pipeline runs it is asked once
		for _, fn := range m.Functions {
			kind := pyindex.MageBlock(fn)
			if kind == "" {
				continue
			}
			if b == nil {
				b = &block{file: f, unused: c.projects.unused(p.Repo, f.Path)}
			}
			switch kind {
			case "transformer":
				c.count(&c.transformerBlocks)
				c.transformer(b, m, fn, fl, t)
			case "data_loader":
				c.count(&c.loaderBlocks)
				c.loader(b, m, fn, t)
			}
		}
	})
	p.Examined("Mage transformer block", c.transformerBlocks, RuleTransformerReturn, RuleTransformerIO)
	p.Examined("Mage data loader block", c.loaderBlocks, RuleTransformerIO)
	return nil, nil
}

func (c *checker) count(n *int) {
	c.mu.Lock()
	*n++
	c.mu.Unlock()
}

// A block is the file of a Mage block being reviewed, and whether a
// pipeline runs it.
type block struct {
	file *pass.File
	// unused: why no pipeline runs the block, which makes its findings
	// notes (projects.unused); "" when one does or nothing says.
	unused string
}

// report reports a finding of a block; a block no pipeline runs gets a
// note.
func (c *checker) report(b *block, d acr.Diagnostic) {
	if b.unused != "" {
		d.Message += b.unused
		c.pass.ReportNote(d)
		return
	}
	c.pass.Report(d)
}

// streaming reports a transformer of a streaming pipeline: Mage hands it
// a batch of messages, and it returns messages, not a DataFrame.
func streaming(fn *pyindex.Function) bool {
	return len(fn.Params) > 0 && fn.Params[0].Name == "messages"
}

func (c *checker) transformer(b *block, m *pyindex.Module, fn *pyindex.Function, fl *flow, t *tracer) {
	if !streaming(fn) {
		c.returns(b, fn, fl)
	}
	for _, tr := range t.effects(b.file, m, fn, false) {
		c.reportEffect(b, tr, "transformer %s performs I/O (%s): a transformer must be a pure function of its input so it can be retried, tested and run as a dynamic block; move the write to a @data_exporter block",
			fn.Name)
	}
}

// loader reports the writes of a data loader: reading is its job,
// writing a store is an exporter's.
func (c *checker) loader(b *block, m *pyindex.Module, fn *pyindex.Function, t *tracer) {
	for _, tr := range t.effects(b.file, m, fn, true) {
		c.reportEffect(b, tr, "data loader %s writes to a data store (%s): a loader only loads, so every re-run to refresh its data repeats the write; move the write to a @data_exporter block",
			fn.Name)
	}
}

// reportEffect reports one traced effect at the block's call; format takes
// the block's name and the effect.
func (c *checker) reportEffect(b *block, tr *trace, format, blockName string) {
	f := b.file
	what := tr.what
	switch {
	case tr.via != "" && tr.file != f:
		what = fmt.Sprintf("%s at %s:%d, through %s", tr.what, tr.file.Path, tr.line(), tr.via)
	case tr.via != "":
		what = fmt.Sprintf("%s at line %d, through %s", tr.what, tr.line(), tr.via)
	}
	d := acr.Diagnostic{Pos: tr.site.Node.Pos(), End: tr.site.Node.EndPos(), Category: RuleTransformerIO.ID, Message: fmt.Sprintf(format, blockName, what)}
	if tr.via != "" {
		d.Related = []acr.RelatedInformation{{Pos: tr.call.Node.Pos(), End: tr.call.Node.EndPos(), Message: tr.what + " here"}}
	}
	c.report(b, d)
}

// returns reports a transformer that returns nothing, or a value that is
// certainly no DataFrame, followed through the variables and helpers that
// make it.
func (c *checker) returns(b *block, fn *pyindex.Function, fl *flow) {
	returns, generator := ownReturns(fn)
	if generator {
		return // Mage runs a generator block once per yielded batch
	}
	at := func(n *python.Node, format string, args ...any) {
		c.report(b, acr.Diagnostic{Pos: n.Pos(), End: n.EndPos(), Category: RuleTransformerReturn.ID, Message: fmt.Sprintf(format, args...)})
	}
	if len(returns) == 0 && !raisesOnly(fn.Body) {
		at(fn.Node.ChildByField("name"),
			"transformer %s returns nothing: the next block receives None instead of a DataFrame; return the transformed DataFrame",
			fn.Name)
	}
	for _, r := range returns {
		if s := fl.shapeOf(returnValue(r), 0); s.what != "" {
			at(r, "transformer %s returns %s, not a DataFrame: blocks pass DataFrames so the next block, Mage's persistence and block tests can rely on them; return a pandas or polars DataFrame",
				fn.Name, s)
		}
	}
}

// raisesOnly reports a body that only raises (an abstract block).
func raisesOnly(body *python.Node) bool {
	only := true
	for s := range body.NamedChildren() {
		switch s.Type() {
		case "raise_statement", "pass_statement", "comment", "expression_statement":
			if s.Type() == "expression_statement" && !isDocstring(s) {
				only = false
			}
		default:
			only = false
		}
	}
	return only && strings.Contains(body.Text(), "raise")
}

func isDocstring(s *python.Node) bool {
	first := s.NamedChild(0)
	return first != nil && first.Type() == "string"
}
