package mage

import (
	"strings"
	"sync"

	"github.com/acrvet/acr/pass"
	"github.com/acrvet/acr/pass/python"
	"github.com/acrvet/acr/passes/pyindex"
)

// An effect is the I/O one call performs.
type effect struct {
	what string // the call and what it does: "df.to_sql()", "HTTP requests.post()"
	// store marks a write to a data store (a database, Redis, object
	// storage, a Mage exporter): the I/O that belongs in an exporter
	// whichever block does it. HTTP calls and local files are I/O a data
	// loader may need to load.
	store bool
}

var frameWriters = map[string]bool{
	"to_sql": true, "to_parquet": true, "to_excel": true, "to_pickle": true, "to_feather": true, "to_hdf": true,
	"to_stata": true, "to_orc": true, "to_gbq": true, "write_parquet": true, "write_csv": true,
	"write_database": true, "write_delta": true, "write_ipc": true, "write_json": true, "write_ndjson": true,
	"write_avro": true, "write_excel": true, "sink_parquet": true, "sink_csv": true, "sink_ipc": true,
	"write_text": true, "write_bytes": true,
}

// storeFrameWriters are the frame writers whose target is a database.
var storeFrameWriters = set("to_sql", "to_gbq", "write_database", "write_delta")

var storageWrites = map[string]bool{
	"put_object": true, "upload_file": true, "upload_fileobj": true, "put_item": true, "batch_write_item": true,
	"delete_object": true, "copy_object": true, "upload_blob": true, "upload_from_filename": true, "upload_from_string": true,
}

// redisWrites are the commands of a Redis client that change the store.
var redisWrites = set("set", "setex", "setnx", "psetex", "mset", "msetnx", "hset", "hmset", "hsetnx", "hdel",
	"lpush", "rpush", "lset", "lrem", "sadd", "srem", "zadd", "zrem", "xadd", "publish", "delete", "unlink",
	"expire", "incr", "incrby", "decr", "decrby", "append", "getset", "json")

// documentWrites are the writes of MongoDB collections (pymongo, motor).
var documentWrites = set("insert_one", "insert_many", "update_one", "update_many", "replace_one", "delete_one",
	"delete_many", "bulk_write", "find_one_and_update", "find_one_and_replace", "find_one_and_delete")

// fileDumps write an object to the path they are given.
var fileDumps = set("joblib.dump", "numpy.save", "numpy.savez", "numpy.savez_compressed", "numpy.savetxt")

// frameInserts are the client methods that insert a frame into a table
// (clickhouse_connect).
var frameInserts = set("insert_df", "insert_arrow")

var writeSQL = []string{"insert", "update", "delete", "create", "alter", "drop", "truncate", "copy", "merge", "upsert"}

// callEffect says what I/O a call performs.
func callEffect(m *pyindex.Module, c *pyindex.Call) (effect, bool) {
	switch {
	case frameWriters[c.Method] && c.Receiver != nil:
		return effect{c.Text + "()", storeFrameWriters[c.Method]}, true
	case (c.Method == "to_csv" || c.Method == "to_json") && c.Receiver != nil && (c.Positional(0) != nil || c.Keyword("path_or_buf") != nil):
		return effect{c.Text + "() to a file", false}, true
	case storageWrites[c.Method]:
		return effect{c.Text + "()", true}, true
	case fileDumps[c.Callee] && c.Arg(1, "filename") != nil:
		return effect{c.Text + "() to a file", false}, true
	case c.Callee == "open":
		mode := c.Arg(1, "mode")
		if mode == nil {
			return effect{}, false
		}
		if s, ok := pyindex.StringValue(mode.Value); ok && strings.ContainsAny(s, "wax+") {
			return effect{"open(..., \"" + s + "\")", false}, true
		}
	case strings.HasPrefix(c.Callee, "requests.") || strings.HasPrefix(c.Callee, "httpx.") ||
		strings.HasPrefix(c.Callee, "urllib.request.") || strings.HasPrefix(c.Callee, "aiohttp."):
		if c.Method != "" && c.Method[0] >= 'a' && c.Method[0] <= 'z' && c.Method != "codes" {
			return effect{"HTTP " + c.Text + "()", false}, true
		}
	case c.Method == "commit" && c.Receiver != nil:
		return effect{c.Text + "()", true}, true
	case c.Method == "export" && c.Receiver != nil:
		if strings.Contains(c.Text, "with_config") || strings.HasPrefix(m.TypeOf(c.Receiver), "mage_ai.io") {
			return effect{"Mage exporter " + c.Text + "()", true}, true
		}
		if c.Binding != nil && c.Binding.Value != nil && strings.Contains(c.Binding.Value.Text(), "with_config") {
			return effect{"Mage exporter " + c.Text + "()", true}, true
		}
	case c.Method == "execute" || c.Method == "executemany" || c.Method == "exec_driver_sql":
		if w := writingStatement(m, c, false); w != "" {
			return effect{c.Text + "(" + w + ")", true}, true
		}
	case (c.Method == "query" || c.Method == "command") && c.Receiver != nil:
		// ClickHouse and other clients run any statement with query() or
		// command(); pandas' query() takes an expression, which is never
		// a verb followed by a name.
		if w := writingStatement(m, c, true); w != "" {
			return effect{c.Text + "(" + w + ")", true}, true
		}
	case frameInserts[c.Method] && c.Receiver != nil:
		return effect{c.Text + "()", true}, true
	}
	if r := c.Receiver; r != nil && c.Method != "" {
		t := m.TypeOf(r)
		switch {
		case strings.HasPrefix(t, "requests.") || strings.HasPrefix(t, "httpx."):
			switch c.Method {
			case "get", "post", "put", "patch", "delete", "request", "head", "send":
				return effect{"HTTP " + c.Text + "()", false}, true
			}
		case strings.HasPrefix(t, "redis.") && redisWrites[c.Method]:
			return effect{"Redis " + c.Text + "()", true}, true
		case (strings.HasPrefix(t, "pymongo.") || strings.HasPrefix(t, "motor.")) && documentWrites[c.Method]:
			return effect{"MongoDB " + c.Text + "()", true}, true
		}
	}
	return effect{}, false
}

// writingStatement describes the statement an execute call runs when it
// writes: SQL text starting with a writing verb, or a SQLAlchemy insert,
// update or delete construct (insert(t).values(...)). The text may be held
// by a variable or formatted ("...".format(...)). strict asks for a name
// after the verb (INSERT INTO, CREATE TABLE), for methods whose argument
// may be no SQL.
func writingStatement(m *pyindex.Module, c *pyindex.Call, strict bool) string {
	a := c.Positional(0)
	if a == nil {
		return ""
	}
	v := a.Value.Unparen()
	for range maxFlowDepth {
		tc := m.Call(v)
		if tc == nil {
			break
		}
		if strings.HasPrefix(tc.Callee, "sqlalchemy.") {
			switch verb := pyindex.LastName(tc.Callee); verb {
			case "insert", "update", "delete":
				return verb + "(...)"
			}
		}
		if r := tc.Receiver; r != nil && r.Unparen().Type() == "call" {
			v = r.Unparen() // insert(t).values(...)
			continue
		}
		if p := tc.Positional(0); p != nil {
			v = p.Value.Unparen() // text("INSERT ...")
		}
		break
	}
	if s, ok := statementText(m, v, 0); ok {
		word := strings.ToLower(firstWord(s))
		if strict {
			fields := strings.Fields(s)
			if len(fields) < 2 || firstWord(fields[1]) != fields[1] {
				return ""
			}
		}
		for _, w := range writeSQL {
			if word == w {
				return "\"" + strings.ToUpper(word) + " ...\""
			}
		}
	}
	return ""
}

// statementText reads the text of a statement: a string, a variable
// assigned one, or a string's .format(...).
func statementText(m *pyindex.Module, v *python.Node, depth int) (string, bool) {
	v = v.Unparen()
	if s, ok := pyindex.StringValue(v); ok {
		return s, true
	}
	if depth > 3 {
		return "", false
	}
	switch v.Type() {
	case "identifier":
		if b := m.Lookup(v.Text(), v); b != nil && b.Kind == pyindex.AssignBinding && b.Value != nil {
			return statementText(m, b.Value, depth+1)
		}
	case "call":
		if c := m.Call(v); c != nil && c.Method == "format" && c.Receiver != nil {
			return statementText(m, c.Receiver, depth+1)
		}
	}
	return "", false
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

// A trace is an effect and the call that performs it, possibly in a
// helper the block calls.
type trace struct {
	effect
	file *pass.File
	call *pyindex.Call
	// site is the block's own call that leads to the effect: call itself,
	// or the call of the helper.
	site *pyindex.Call
	// via names the helper the block calls that leads to the call, "" when
	// the block makes the call itself.
	via string
}

// maxHelperDepth bounds how many helper calls deep an effect is looked for.
const maxHelperDepth = 3

// tracer finds the effects of one block's calls, following helpers of the
// same module and functions imported from other modules of the
// repository. It is used by one goroutine.
type tracer struct {
	ix      *pyindex.Index
	modules *moduleIndex
	// memo holds a helper's first effect and first store effect.
	memo map[*pyindex.Function][2]*trace
}

// effects returns, for each call of fn that performs I/O itself or
// through a helper, the first such effect (the first store effect when
// storeOnly).
func (t *tracer) effects(f *pass.File, m *pyindex.Module, fn *pyindex.Function, storeOnly bool) []*trace {
	var out []*trace
	for _, c := range fn.Calls {
		if tr := t.call(f, m, c, storeOnly, 0); tr != nil {
			tr.site = c
			out = append(out, tr)
		}
	}
	return out
}

// call returns the effect of one call, direct or through the helper it
// calls.
func (t *tracer) call(f *pass.File, m *pyindex.Module, c *pyindex.Call, storeOnly bool, depth int) *trace {
	if e, ok := callEffect(m, c); ok {
		if storeOnly && !e.store {
			return nil
		}
		return &trace{effect: e, file: f, call: c}
	}
	if depth >= maxHelperDepth {
		return nil
	}
	hf, hm, h := f, m, c.Target
	if h == nil || c.Receiver != nil {
		hf, hm, h = t.imported(f, c)
	}
	if h == nil || h == c.Function {
		return nil
	}
	inner := t.helper(hf, hm, h, depth+1)[boolIndex(storeOnly)]
	if inner == nil {
		return nil
	}
	return &trace{effect: inner.effect, file: inner.file, call: inner.call, via: h.QualName}
}

func boolIndex(b bool) int {
	if b {
		return 1
	}
	return 0
}

// helper returns the first effect of a helper's calls and its first store
// effect.
func (t *tracer) helper(f *pass.File, m *pyindex.Module, h *pyindex.Function, depth int) [2]*trace {
	if r, ok := t.memo[h]; ok {
		return r
	}
	t.memo[h] = [2]*trace{} // a recursive helper adds nothing while it is judged
	var r [2]*trace
	for _, c := range h.Calls {
		if !runsAlways(c, h) {
			continue
		}
		for i, storeOnly := range []bool{false, true} {
			if r[i] == nil {
				r[i] = t.call(f, m, c, storeOnly, depth)
			}
		}
		if r[0] != nil && r[1] != nil {
			break
		}
	}
	t.memo[h] = r
	return r
}

// runsAlways reports whether a helper's call runs whenever the helper
// does: no if, try, match, conditional expression or short-circuit
// operator of the helper is around it, nor a nested def, lambda or class,
// whose body runs at another time. Which branch of a helper runs
// depends on what the block passes it, which the tracer does not follow:
// a write in a branch the block's arguments never take is no effect of the
// block (a shared extractor that caches one kind of data to parquet and
// not the others). Loops and with blocks run their bodies.
func runsAlways(c *pyindex.Call, h *pyindex.Function) bool {
	for a := c.Node.Parent(); a != nil && a != h.Body; a = a.Parent() {
		switch a.Type() {
		case "if_statement", "elif_clause", "else_clause", "try_statement", "except_clause", "except_group_clause",
			"match_statement", "case_clause", "conditional_expression", "boolean_operator",
			"function_definition", "lambda", "class_definition":
			return false
		}
	}
	return true
}

// imported returns the module-level function of another module of the
// repository that a call invokes through an import (from utils.db import
// save; save(df) or db.save(df)), or nils. Mage's own package is not
// followed: its API is judged by what it is (a Mage exporter).
func (t *tracer) imported(f *pass.File, c *pyindex.Call) (*pass.File, *pyindex.Module, *pyindex.Function) {
	if t.modules == nil || c.Binding == nil || c.Binding.Kind != pyindex.ImportBinding || c.Callee == "" ||
		strings.HasPrefix(c.Callee, ".") || strings.HasPrefix(c.Callee, "mage_ai.") {
		return nil, nil, nil
	}
	modName, fnName := c.Callee[:max(strings.LastIndexByte(c.Callee, '.'), 0)], pyindex.LastName(c.Callee)
	tf := t.modules.lookup(modName, f)
	if tf == nil || tf == f {
		return nil, nil, nil
	}
	tm, _ := t.ix.Module(tf)
	if tm == nil {
		return nil, nil, nil
	}
	var h *pyindex.Function
	for _, fn := range tm.FunctionsNamed(fnName) {
		if fn.Parent == nil && fn.Class == nil {
			h = fn // the last definition is the one the module keeps
		}
	}
	return tf, tm, h
}

// moduleIndex finds the Python file of the repository a dotted module name
// stands for. A Mage project's blocks import its modules from the project
// directory or from its parent (mlops.utils.data for
// mlops/utils/data.py), which Mage puts on the import path: a module
// matches when the directory it is imported from (the path before the
// dotted name) holds the importing file, the nearest first. So pandas
// is not some package's pandas.py.
type moduleIndex struct {
	once   sync.Once
	files  []*pass.File
	suffix map[string][]*pass.File
}

func (mi *moduleIndex) lookup(name string, from *pass.File) *pass.File {
	if name == "" {
		return nil
	}
	mi.once.Do(func() {
		mi.suffix = map[string][]*pass.File{}
		for _, f := range mi.files {
			segs := strings.Split(modulePath(f.Path), "/")
			for i := range segs {
				k := strings.Join(segs[i:], ".")
				mi.suffix[k] = append(mi.suffix[k], f)
			}
		}
	})
	var best *pass.File
	bestRoot := -1
	rel := strings.ReplaceAll(name, ".", "/")
	for _, cand := range mi.suffix[name] {
		root := strings.TrimSuffix(strings.TrimSuffix(modulePath(cand.Path), rel), "/")
		if root != "" && !strings.HasPrefix(from.Path, root+"/") {
			continue
		}
		if len(root) > bestRoot {
			best, bestRoot = cand, len(root)
		}
	}
	return best
}

// modulePath is a file's path as a module's: without .py and /__init__.
func modulePath(p string) string {
	return strings.TrimSuffix(strings.TrimSuffix(p, ".py"), "/__init__")
}

// line is the line of the call in its file.
func (tr *trace) line() int { return tr.file.Position(tr.call.Node.Start()).Line }
