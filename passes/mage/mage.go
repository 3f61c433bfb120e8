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
// DataFrames and leave I/O to exporters.
var Analyzer = &acr.Analyzer{
	Name:     "mage",
	Doc:      acr.MustExtractDoc(doc, "mage"),
	Kinds:    []pass.Kind{pass.Python},
	Triggers: []string{"transformer"},
	Requires: []*acr.Analyzer{pyindex.Analyzer},
	Formerly: []string{"schemadrift"},
	// A block's findings depend on its own file only.
	FileLocal: true,
	Run:       run,
	Rules:     Rules,
}

// checker is one run of the pass.
type checker struct {
	pass *acr.Pass
	mu   sync.Mutex
	// transformerBlocks counts the Mage transformer blocks reviewed.
	transformerBlocks int
}

func run(p *acr.Pass) (any, error) {
	ix, _ := p.ResultOf[pyindex.Analyzer].(*pyindex.Index)
	if ix == nil {
		return nil, fmt.Errorf("mage: the pyindex result is missing")
	}
	c := &checker{pass: p}
	p.ForEachFile(p.Files, func(f *pass.File) {
		m, _ := ix.Module(f)
		if m == nil {
			return
		}
		for _, fn := range m.Functions {
			if isTransformer(fn) {
				c.mu.Lock()
				c.transformerBlocks++
				c.mu.Unlock()
				c.transformer(f, m, fn)
			}
		}
	})
	p.Examined("Mage transformer block", c.transformerBlocks, RuleTransformerReturn, RuleTransformerIO)
	return nil, nil
}

func isTransformer(fn *pyindex.Function) bool { return pyindex.MageBlock(fn) == "transformer" }

func originOf(f *pass.File, n *python.Node) pass.Span { return pass.SpanOf(f, n.Start(), n.End()) }

// report reports a finding of rule at a span; the message is formatted.
func (c *checker) report(rule *acr.Rule, s pass.Span, format string, args ...any) {
	c.pass.ReportAt(rule, s, format, args...)
}

func (c *checker) transformer(f *pass.File, m *pyindex.Module, fn *pyindex.Function) {
	name := fn.Node.ChildByField("name")
	var returns []*python.Node
	python.InspectOwn(fn.Body, func(n *python.Node) bool {
		switch n.Type() {
		case "return_statement":
			returns = append(returns, n)
		}
		return true
	})
	if len(returns) == 0 && !raisesOnly(fn.Body) {
		c.report(RuleTransformerReturn, originOf(f, name),
			"transformer %s returns nothing: the next block receives None instead of a DataFrame; return the transformed DataFrame",
			fn.Name)
	}
	for _, r := range returns {
		var value *python.Node
		for v := range r.NamedChildren() {
			if !v.IsExtra() {
				value = v
				break
			}
		}
		if what := notDataFrame(m, value); what != "" {
			c.report(RuleTransformerReturn, originOf(f, r),
				"transformer %s returns %s, not a DataFrame: blocks pass DataFrames so the next block, Mage's persistence and block tests can rely on them; return a pandas or polars DataFrame",
				fn.Name, what)
		}
	}
	for _, call := range fn.Calls {
		if what := sideEffect(m, call); what != "" {
			c.report(RuleTransformerIO, originOf(f, call.Node),
				"transformer %s performs I/O (%s): a transformer must be a pure function of its input so it can be retried, tested and run as a dynamic block; move the write to a @data_exporter block",
				fn.Name, what)
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

var notFrameMethods = map[string]string{
	"to_dict": "a dict", "to_json": "a JSON string", "to_numpy": "a NumPy array", "tolist": "a list",
	"to_list": "a list", "to_records": "a record array", "to_string": "a string", "to_markdown": "a string",
	"to_csv": "a CSV string", "item": "a scalar", "to_dicts": "a list of dicts", "rows": "a list of tuples",
}

var notFrameAttrs = map[string]string{"values": "a NumPy array", "shape": "a tuple", "columns": "an Index", "empty": "a bool"}

var notFrameCallees = map[string]string{
	"len": "an int", "str": "a string", "int": "an int", "float": "a float", "dict": "a dict", "list": "a list",
	"json.dumps": "a JSON string", "bool": "a bool",
}

// notDataFrame says what a returned expression is when it is certainly
// not a DataFrame, or "" when it is one or cannot be told.
func notDataFrame(m *pyindex.Module, v *python.Node) string {
	if v == nil {
		return "None"
	}
	v = v.Unparen()
	switch v.Type() {
	case "none":
		return "None"
	case "dictionary", "dictionary_comprehension":
		return "a dict"
	case "list_comprehension", "set", "set_comprehension":
		return "a " + strings.TrimSuffix(v.Type(), "_comprehension")
	case "list", "tuple":
		// Several DataFrames may be returned as a list; literals may not.
		for e := range v.NamedChildren() {
			switch e.Type() {
			case "string", "integer", "float", "true", "false", "none", "dictionary":
				return "a " + v.Type()
			}
		}
	case "string", "concatenated_string":
		return "a string"
	case "integer", "float":
		return "a number"
	case "true", "false":
		return "a bool"
	case "attribute":
		if what, ok := notFrameAttrs[v.ChildByField("attribute").Text()]; ok {
			return what + " (." + v.ChildByField("attribute").Text() + ")"
		}
	case "call":
		c := m.Call(v)
		if c == nil {
			return ""
		}
		if what, ok := notFrameCallees[c.Callee]; ok && c.Receiver == nil || ok && c.Callee == "json.dumps" {
			return what + " (" + c.Text + "())"
		}
		if what, ok := notFrameMethods[c.Method]; ok && c.Receiver != nil {
			if (c.Method == "to_csv" || c.Method == "to_json") && len(c.Args) > 0 {
				return "" // writes a file and returns None: MAGE102 reports the write
			}
			return what + " (." + c.Method + "())"
		}
	}
	return ""
}

var frameWriters = map[string]bool{
	"to_sql": true, "to_parquet": true, "to_excel": true, "to_pickle": true, "to_feather": true, "to_hdf": true,
	"to_stata": true, "to_orc": true, "to_gbq": true, "write_parquet": true, "write_csv": true,
	"write_database": true, "write_delta": true, "write_ipc": true, "write_json": true, "write_ndjson": true,
	"write_avro": true, "write_excel": true, "sink_parquet": true, "sink_csv": true, "sink_ipc": true,
	"write_text": true, "write_bytes": true,
}

var storageWrites = map[string]bool{
	"put_object": true, "upload_file": true, "upload_fileobj": true, "put_item": true, "batch_write_item": true,
	"delete_object": true, "copy_object": true, "upload_blob": true, "upload_from_filename": true, "upload_from_string": true,
}

var writeSQL = []string{"insert", "update", "delete", "create", "alter", "drop", "truncate", "copy", "merge", "upsert"}

// sideEffect says what I/O a call performs, or "".
func sideEffect(m *pyindex.Module, c *pyindex.Call) string {
	switch {
	case frameWriters[c.Method] && c.Receiver != nil:
		return c.Text + "()"
	case (c.Method == "to_csv" || c.Method == "to_json") && c.Receiver != nil && (c.Positional(0) != nil || c.Keyword("path_or_buf") != nil):
		return c.Text + "() to a file"
	case storageWrites[c.Method]:
		return c.Text + "()"
	case c.Callee == "open":
		mode := c.Arg(1, "mode")
		if mode == nil {
			return ""
		}
		if s, ok := pyindex.StringValue(mode.Value); ok && strings.ContainsAny(s, "wax+") {
			return "open(..., \"" + s + "\")"
		}
	case strings.HasPrefix(c.Callee, "requests.") || strings.HasPrefix(c.Callee, "httpx.") ||
		strings.HasPrefix(c.Callee, "urllib.request.") || strings.HasPrefix(c.Callee, "aiohttp."):
		if c.Method != "" && c.Method[0] >= 'a' && c.Method[0] <= 'z' && c.Method != "codes" {
			return "HTTP " + c.Text + "()"
		}
	case c.Method == "commit" && c.Receiver != nil:
		return c.Text + "()"
	case c.Method == "export" && c.Receiver != nil:
		if strings.Contains(c.Text, "with_config") || strings.HasPrefix(m.TypeOf(c.Receiver), "mage_ai.io") {
			return "Mage exporter " + c.Text + "()"
		}
		if c.Binding != nil && c.Binding.Value != nil && strings.Contains(c.Binding.Value.Text(), "with_config") {
			return "Mage exporter " + c.Text + "()"
		}
	case c.Method == "execute" || c.Method == "executemany" || c.Method == "exec_driver_sql":
		if a := c.Positional(0); a != nil {
			v := a.Value.Unparen()
			if v.Type() == "call" {
				if tc := m.Call(v); tc != nil && tc.Positional(0) != nil {
					v = tc.Positional(0).Value.Unparen()
				}
			}
			if s, ok := pyindex.StringValue(v); ok {
				word := strings.ToLower(firstWord(s))
				for _, w := range writeSQL {
					if word == w {
						return c.Text + "(\"" + strings.ToUpper(word) + " ...\")"
					}
				}
			}
		}
	}
	if r := c.Receiver; r != nil && c.Method != "" {
		if t := m.TypeOf(r); strings.HasPrefix(t, "requests.") || strings.HasPrefix(t, "httpx.") {
			switch c.Method {
			case "get", "post", "put", "patch", "delete", "request", "head", "send":
				return "HTTP " + c.Text + "()"
			}
		}
	}
	return ""
}

func firstWord(s string) string {
	s = strings.TrimSpace(s)
	for i, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '_') {
			return s[:i]
		}
	}
	return s
}
