package python

// #cgo CFLAGS: -O2
// #include <stdlib.h>
// #include "walk.h"
import "C"

import (
	"fmt"
	"math"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	// The tree-sitter runtime and the Python grammar are compiled and
	// linked by these packages; walk.c calls into them.
	_ "github.com/smacker/go-tree-sitter"
	_ "github.com/smacker/go-tree-sitter/python"

	"github.com/acrvet/acr/pass"
)

// Limits that keep hostile input from exhausting the run.
var (
	// MaxFileSize is the largest source Parse accepts.
	MaxFileSize = 16 << 20
	// ParseTimeout bounds the CPU time tree-sitter may spend on one file.
	// CPU time, not wall time: on a loaded machine a large file waits for
	// a core, and a wall-clock bound would make the result depend on the
	// neighbours. Ten times as much wall time is a backstop.
	ParseTimeout = 20 * time.Second
)

type treeKey struct{}

var parsedFiles, parsedBytes atomic.Int64

// Stats returns how many sources this process has parsed and their total
// size, for benchmarks that show what triggers saved.
func Stats() (files, bytes int64) { return parsedFiles.Load(), parsedBytes.Load() }

// Parse returns the syntax tree of f, parsing it at most once per run
// however many passes ask.
//
// A source with syntax errors still yields a tree (tree-sitter recovers)
// together with a *pass.SyntaxError at the first ERROR or MISSING node.
// A file that cannot be parsed at all (too large, parse timeout, unreadable)
// yields a nil tree and a *pass.SyntaxError at offset 0.
func Parse(f *pass.File) (*Tree, error) {
	return pass.Cached(f, treeKey{}, func() (*Tree, error) { return parseFrom(f, f.ReadFile) })
}

// ParseDetached parses f outside its memo, from bytes the file does not
// keep (pass.File.Bytes): the tree is the caller's alone and dies with it.
// It is for a file every pass is done with (pass.File.Idle), whose memo
// nobody would release. Errors are as for Parse.
func ParseDetached(f *pass.File) (*Tree, error) { return parseFrom(f, f.Bytes) }

// parseFrom parses f from the bytes read returns (Parse and ParseDetached
// differ only in where the bytes come from).
func parseFrom(f *pass.File, read func() ([]byte, error)) (*Tree, error) {
	src, err := read()
	if err != nil {
		return nil, &pass.SyntaxError{File: f, Msg: fmt.Sprintf("cannot read Python source: %v", err)}
	}
	t, serr := parse(f, src)
	if serr != nil { // a nil *SyntaxError must not become a non-nil error
		return t, serr
	}
	return t, nil
}

// ParseBytes parses src without caching; positions are byte offsets and
// Node.Pos is token.NoPos. Errors are as for Parse, with a nil File.
func ParseBytes(src []byte) (*Tree, error) {
	t, err := parse(nil, src)
	if err != nil {
		return t, err
	}
	return t, nil
}

func parse(f *pass.File, src []byte) (t *Tree, err *pass.SyntaxError) {
	defer func() {
		if r := recover(); r != nil {
			t, err = nil, &pass.SyntaxError{File: f, Msg: fmt.Sprintf("internal error parsing Python: %v", r)}
		}
	}()
	if len(src) > MaxFileSize {
		return nil, &pass.SyntaxError{File: f, Msg: fmt.Sprintf("file too large to parse as Python (%d bytes, limit %d)", len(src), MaxFileSize)}
	}
	parsedFiles.Add(1)
	parsedBytes.Add(int64(len(src)))
	if f != nil {
		track(f.Path)
	} else {
		track("")
	}
	return parseC(f, src, cSource(src))
}

// cSource returns the bytes tree-sitter parses for src, never nil. Syntax
// newer than the grammar is rewritten, byte for byte, into forms it knows
// (rewriteNewSyntax): positions stay those of the file and node text is
// the file's own. tree-sitter reads the bytes only during the call and
// keeps no pointer to them, so the Go bytes are passed without a copy.
func cSource(src []byte) *C.char {
	if fixed, ok := rewriteNewSyntax(src); ok {
		src = fixed
	}
	if len(src) == 0 {
		return (*C.char)(unsafe.Pointer(&[1]byte{}))
	}
	return (*C.char)(unsafe.Pointer(unsafe.SliceData(src)))
}

// parseC runs tree-sitter over p, which holds len(src) bytes, and builds the
// tree with src as the text of its nodes.
func parseC(f *pass.File, src []byte, p *C.char) (*Tree, *pass.SyntaxError) {
	parser := getParser()
	if parser == nil {
		return nil, &pass.SyntaxError{File: f, Msg: "cannot parse Python: tree-sitter failed (out of memory)"}
	}
	limit := ParseTimeout
	watch.add(parser, limit)
	var buf *C.acr_node
	n := int64(C.acr_parse(parser, p, C.uint32_t(len(src)), C.uint64_t(10*limit.Microseconds()), &buf))
	watch.remove(parser)
	putParser(parser)
	switch {
	case n == C.ACR_ERR_TIMEOUT:
		return nil, &pass.SyntaxError{File: f, Msg: fmt.Sprintf("parsing Python timed out after %v of CPU time", limit)}
	case n < 0:
		return nil, &pass.SyntaxError{File: f, Msg: fmt.Sprintf("cannot parse Python: tree-sitter failed (code %d)", n)}
	}
	defer C.free(unsafe.Pointer(buf))
	t := build(f, src, unsafe.Slice(buf, n))
	return t, t.err
}

// parsers keeps tree-sitter parsers between parses: a parser's stacks and
// lexer are allocated once per worker instead of once per file. Bounded,
// so a burst of parallel parses does not keep parsers alive forever.
var parsers = make(chan *C.acr_parser, 16)

func getParser() *C.acr_parser {
	select {
	case p := <-parsers:
		return p
	default:
		return C.acr_parser_new()
	}
}

func putParser(p *C.acr_parser) {
	select {
	case parsers <- p:
	default:
		C.acr_parser_delete(p)
	}
}

// watch cancels parses that exceed their CPU time: while any parse runs, a
// goroutine reads each parsing thread's CPU clock a few times per limit.
var watch = &watcher{running: map[*C.acr_parser]time.Duration{}}

type watcher struct {
	mu      sync.Mutex
	running map[*C.acr_parser]time.Duration // parser -> its CPU time limit
	ticking bool
}

func (w *watcher) add(p *C.acr_parser, limit time.Duration) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.running[p] = limit
	if !w.ticking {
		w.ticking = true
		go w.tick()
	}
}

// remove forgets p; after it returns no check touches p, so the parser can
// start another parse.
func (w *watcher) remove(p *C.acr_parser) {
	w.mu.Lock()
	delete(w.running, p)
	w.mu.Unlock()
}

func (w *watcher) tick() {
	for {
		w.mu.Lock()
		if len(w.running) == 0 {
			w.ticking = false
			w.mu.Unlock()
			return
		}
		every := 50 * time.Millisecond
		for p, limit := range w.running {
			C.acr_parser_check(p, C.uint64_t(limit.Microseconds()))
			every = min(every, max(limit/4, time.Millisecond))
		}
		w.mu.Unlock()
		time.Sleep(every)
	}
}

// build converts the C preorder array into the Go tree and finds the first
// syntax error.
func build(f *pass.File, src []byte, raw []C.acr_node) *Tree {
	t := &Tree{File: f, Src: src, nodes: make([]Node, len(raw))}
	if len(src) > 0 {
		t.text = unsafe.String(unsafe.SliceData(src), len(src))
	}
	for i := range raw {
		r := &raw[i]
		t.nodes[i] = Node{
			tree: t, typ: uint16(r.sym), field: uint8(r.field), flags: uint8(r.flags),
			start: uint32(r.start), end: uint32(r.end),
			parent: int32(r.parent), next: int32(r.next), last: int32(r.last),
		}
	}
	if e := firstError(t); e != nil {
		t.err = &pass.SyntaxError{File: f, Offset: int(e.start), Msg: syntaxMessage(e)}
	}
	return t
}

// firstError returns the node a syntax error is reported at: the first
// MISSING node or innermost ERROR node in source order. tree-sitter may wrap
// a whole module in an ERROR when one statement fails, and its start says
// nothing about where the problem is.
func firstError(t *Tree) *Node {
	if t.nodes[0].flags&flagHasError == 0 {
		return nil
	}
	for i := range t.nodes {
		n := &t.nodes[i]
		if n.flags&flagMissing != 0 {
			return n
		}
		if n.flags&flagError == 0 {
			continue
		}
		innermost := true
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			if c.HasError() {
				innermost = false
				break
			}
		}
		if innermost {
			return n
		}
	}
	return nil
}

func syntaxMessage(n *Node) string {
	if n.IsMissing() {
		if n.IsNamed() {
			return "invalid syntax: missing " + n.Type()
		}
		return fmt.Sprintf("invalid syntax: missing %q", n.Type())
	}
	return "invalid syntax"
}

var (
	typeNames  []string
	fieldNames []string
	fieldIDs   = map[string]uint16{}
)

func init() {
	lang := C.tree_sitter_python()
	nsym := int(C.ts_language_symbol_count(lang))
	typeNames = make([]string, nsym)
	for i := range nsym {
		typeNames[i] = C.GoString(C.ts_language_symbol_name(lang, C.TSSymbol(i)))
	}
	nfield := int(C.ts_language_field_count(lang))
	if nfield > math.MaxUint8 || flagHasError > math.MaxUint8 {
		panic("python: a Node holds field ids and flags in a byte; the grammar needs more")
	}
	fieldNames = make([]string, nfield+1)
	for i := 1; i <= nfield; i++ {
		name := C.GoString(C.ts_language_field_name_for_id(lang, C.TSFieldId(i)))
		fieldNames[i] = name
		fieldIDs[name] = uint16(i)
	}
}

func typeName(sym uint16) string {
	if int(sym) < len(typeNames) {
		return typeNames[sym]
	}
	return "ERROR" // ts_builtin_sym_error is the largest symbol
}

func fieldName(id uint16) string {
	if int(id) < len(fieldNames) {
		return fieldNames[id]
	}
	return ""
}
