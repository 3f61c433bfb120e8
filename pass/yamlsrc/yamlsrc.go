package yamlsrc

import (
	"bytes"
	"errors"
	"fmt"
	"go/token"
	"io"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/acrvet/acr/pass"
)

// Limits bound the documents Parse accepts.
type Limits struct {
	// MaxExpandedNodes is the largest number of nodes a document may have
	// with every alias expanded.
	MaxExpandedNodes int
	// MaxDepth is the deepest nesting of collections, aliases expanded.
	MaxDepth int
}

// DefaultLimits allow any hand-written manifest and refuse alias bombs.
var DefaultLimits = Limits{MaxExpandedNodes: 1_000_000, MaxDepth: 256}

// A Stream is a parsed YAML file: one node per document.
type Stream struct {
	File *pass.File
	// Docs are the DocumentNodes of the stream, in order.
	Docs []*yaml.Node
}

// Roots returns the content node of each document; an empty document's
// root is a null scalar.
func (s *Stream) Roots() []*yaml.Node {
	out := make([]*yaml.Node, len(s.Docs))
	for i, d := range s.Docs {
		if len(d.Content) > 0 {
			out[i] = d.Content[0]
		}
	}
	return out
}

type memoKey struct{}

// Parse parses a YAML file once per run with DefaultLimits. It returns
// the documents before the first error together with a *pass.SyntaxError.
func Parse(f *pass.File) (*Stream, error) {
	return pass.Cached(f, memoKey{}, func() (*Stream, error) { return ParseLimits(f, DefaultLimits) })
}

// ParseLimits parses f without memoizing, with explicit limits.
func ParseLimits(f *pass.File, lim Limits) (s *Stream, err error) {
	src, err := f.ReadFile()
	if err != nil {
		return nil, &pass.SyntaxError{File: f, Msg: "cannot read YAML file: " + err.Error()}
	}
	s = &Stream{File: f}
	defer func() {
		// yaml.v3 has panicked on hostile input in the past; a crash in
		// the parser must still be a message with a path.
		if r := recover(); r != nil {
			err = &pass.SyntaxError{File: f, Msg: fmt.Sprintf("YAML parser failed: %v", r)}
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(src))
	for {
		doc := &yaml.Node{}
		if derr := dec.Decode(doc); derr != nil {
			if errors.Is(derr, io.EOF) {
				return s, nil
			}
			return s, syntaxError(f, derr)
		}
		if err := checkLimits(f, doc, lim); err != nil {
			return s, err
		}
		s.Docs = append(s.Docs, doc)
	}
}

var (
	lineRE          = regexp.MustCompile(`^yaml: line (\d+): `)
	unknownAnchorRE = regexp.MustCompile(`^yaml: unknown anchor '([^']*)' referenced`)
)

// syntaxError turns a yaml.v3 error into a *pass.SyntaxError at the line
// it names (the start of the file when it names none).
func syntaxError(f *pass.File, err error) *pass.SyntaxError {
	msg := err.Error()
	off := 0
	if m := lineRE.FindStringSubmatch(msg); m != nil {
		if n, convErr := strconv.Atoi(m[1]); convErr == nil {
			off = f.LineStart(n)
		}
		msg = msg[len(m[0]):]
	} else if m := unknownAnchorRE.FindStringSubmatch(msg); m != nil {
		// yaml.v3 names no line for an alias to an undefined anchor; the
		// first use of the alias is where to look.
		if i := bytes.Index(f.Content(), []byte("*"+m[1])); i >= 0 {
			off = i
		}
		msg = strings.TrimPrefix(msg, "yaml: ")
	} else {
		msg = strings.TrimPrefix(msg, "yaml: ")
	}
	return &pass.SyntaxError{File: f, Offset: off, Msg: "invalid YAML: " + msg}
}

// checkLimits counts doc's nodes with aliases expanded, in time linear in
// the parsed size: each node's expanded size is computed once.
func checkLimits(f *pass.File, doc *yaml.Node, lim Limits) error {
	if lim.MaxExpandedNodes <= 0 {
		lim.MaxExpandedNodes = DefaultLimits.MaxExpandedNodes
	}
	if lim.MaxDepth <= 0 {
		lim.MaxDepth = DefaultLimits.MaxDepth
	}
	type info struct{ size, depth int }
	const inProgress = -1
	seen := map[*yaml.Node]info{}
	var failure error
	fail := func(n *yaml.Node, format string, args ...any) {
		if failure == nil {
			failure = &pass.SyntaxError{File: f, Offset: f.OffsetOf(n.Line, n.Column), Msg: fmt.Sprintf(format, args...)}
		}
	}
	var visit func(n *yaml.Node, level int) info
	visit = func(n *yaml.Node, level int) info {
		if failure != nil || n == nil {
			return info{}
		}
		if in, ok := seen[n]; ok {
			if in.size == inProgress {
				fail(n, "YAML anchor %q contains an alias to itself", n.Anchor)
				return info{}
			}
			return in
		}
		if level > lim.MaxDepth {
			fail(n, "YAML nested deeper than %d levels (aliases expanded)", lim.MaxDepth)
			return info{}
		}
		seen[n] = info{size: inProgress}
		in := info{size: 1}
		children := n.Content
		if n.Kind == yaml.AliasNode {
			children = []*yaml.Node{n.Alias}
		}
		for _, c := range children {
			ci := visit(c, level+1)
			in.size += ci.size
			in.depth = max(in.depth, ci.depth+1)
			if in.size > lim.MaxExpandedNodes {
				fail(n, "YAML aliases expand to more than %d nodes: refusing a possible alias bomb", lim.MaxExpandedNodes)
				in.size = lim.MaxExpandedNodes + 1
				break
			}
			if level+in.depth > lim.MaxDepth {
				fail(n, "YAML nested deeper than %d levels (aliases expanded)", lim.MaxDepth)
				break
			}
		}
		seen[n] = in
		return in
	}
	visit(doc, 0)
	return failure
}

// Resolve follows aliases and steps into a document node, returning the
// node that holds the value; nil stays nil.
func Resolve(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && i < 64; i++ {
		switch {
		case n.Kind == yaml.AliasNode:
			n = n.Alias
		case n.Kind == yaml.DocumentNode && len(n.Content) == 1:
			n = n.Content[0]
		default:
			return n
		}
	}
	return n
}

// A Pair is one key and value of a mapping.
type Pair struct {
	Key, Value *yaml.Node
	// Merge is the `<<` key the pair was merged through, nil for the
	// mapping's own keys: a pass reporting on a merged value can point at
	// the merge in the mapping it is reviewing.
	Merge *yaml.Node
}

// KeyString returns the key's scalar value.
func (p Pair) KeyString() string {
	if k := Resolve(p.Key); k != nil {
		return k.Value
	}
	return ""
}

// IsMergeKey reports whether k is the merge key `<<` (and not the quoted
// string "<<").
func IsMergeKey(k *yaml.Node) bool {
	return k != nil && k.Kind == yaml.ScalarNode && k.Value == "<<" && k.ShortTag() == "!!merge"
}

// MappingPairs returns the pairs of the mapping n with merge keys applied:
// the mapping's own keys first, in order, then each merged key that is not
// already present, earlier merge sources first. Values are not resolved.
// It returns nil if n is not a mapping.
func MappingPairs(n *yaml.Node) []Pair {
	n = Resolve(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	var out []Pair
	have := map[string]bool{}
	mergePairs(n, nil, &out, have, 0)
	return out
}

func mergePairs(n *yaml.Node, via *yaml.Node, out *[]Pair, have map[string]bool, depth int) {
	if depth > 32 {
		return
	}
	var merges []*yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if IsMergeKey(k) {
			merges = append(merges, k, v)
			continue
		}
		key := k.Value
		if rk := Resolve(k); rk != nil {
			key = rk.Value
		}
		if have[key] {
			continue
		}
		have[key] = true
		*out = append(*out, Pair{Key: k, Value: v, Merge: via})
	}
	for i := 0; i < len(merges); i += 2 {
		mk, mv := merges[i], Resolve(merges[i+1])
		if via != nil {
			mk = via
		}
		var sources []*yaml.Node
		switch {
		case mv == nil:
		case mv.Kind == yaml.MappingNode:
			sources = []*yaml.Node{mv}
		case mv.Kind == yaml.SequenceNode:
			sources = mv.Content
		}
		for _, src := range sources {
			if src = Resolve(src); src != nil && src.Kind == yaml.MappingNode {
				mergePairs(src, mk, out, have, depth+1)
			}
		}
	}
}

// LookupPair returns the pair of key in mapping n, merge keys applied.
func LookupPair(n *yaml.Node, key string) (Pair, bool) {
	for _, p := range MappingPairs(n) {
		if p.KeyString() == key {
			return p, true
		}
	}
	return Pair{}, false
}

// Lookup follows a path of mapping keys from n and returns the resolved
// value, or nil if a key is missing or a step is not a mapping.
func Lookup(n *yaml.Node, path ...string) *yaml.Node {
	n = Resolve(n)
	for _, k := range path {
		p, ok := LookupPair(n, k)
		if !ok {
			return nil
		}
		n = Resolve(p.Value)
	}
	return n
}

// Items returns the resolved items of a sequence, or nil.
func Items(n *yaml.Node) []*yaml.Node {
	n = Resolve(n)
	if n == nil || n.Kind != yaml.SequenceNode {
		return nil
	}
	out := make([]*yaml.Node, len(n.Content))
	for i, c := range n.Content {
		out[i] = Resolve(c)
	}
	return out
}

// Scalar returns the value of a scalar node, aliases resolved; ok is false
// for a missing node, a collection or an explicit null.
func Scalar(n *yaml.Node) (string, bool) {
	n = Resolve(n)
	if n == nil || n.Kind != yaml.ScalarNode || n.ShortTag() == "!!null" {
		return "", false
	}
	return n.Value, true
}

// IsNull reports whether n is missing or an explicit null.
func IsNull(n *yaml.Node) bool {
	n = Resolve(n)
	return n == nil || (n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null")
}

// HasTag reports whether n carries the custom tag (such as "!reset").
func HasTag(n *yaml.Node, tag string) bool { return n != nil && n.Tag == tag }

// Offset returns the byte offset of n's first character.
func (s *Stream) Offset(n *yaml.Node) int {
	if n == nil || n.Line == 0 {
		return 0
	}
	return s.File.OffsetOf(n.Line, n.Column)
}

// Pos returns the position of n.
func (s *Stream) Pos(n *yaml.Node) token.Pos { return s.File.Pos(s.Offset(n)) }

// End returns the byte offset just past n: past a scalar's text (quotes
// included), an alias name, or a collection's last item.
func (s *Stream) End(n *yaml.Node) int {
	start := s.Offset(n)
	src := s.File.Content()
	if n == nil || start >= len(src) {
		return start
	}
	switch n.Kind {
	case yaml.ScalarNode:
		return scalarEnd(src, start, n)
	case yaml.AliasNode:
		i := start + 1
		for i < len(src) && !isFlowEnd(src[i]) {
			i++
		}
		return i
	case yaml.MappingNode, yaml.SequenceNode, yaml.DocumentNode:
		if len(n.Content) == 0 {
			return lineEnd(src, start)
		}
		end := s.End(n.Content[len(n.Content)-1])
		if n.Style&yaml.FlowStyle != 0 {
			closer := byte(']')
			if n.Kind == yaml.MappingNode {
				closer = '}'
			}
			if i := bytes.IndexByte(src[end:], closer); i >= 0 {
				end += i + 1
			}
		}
		return end
	}
	return start
}

// EndPos returns the position just past n.
func (s *Stream) EndPos(n *yaml.Node) token.Pos { return s.File.Pos(s.End(n)) }

func isFlowEnd(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' || c == ']' || c == '}'
}

func lineEnd(src []byte, i int) int {
	for i < len(src) && src[i] != '\n' && src[i] != '\r' {
		i++
	}
	return i
}

func scalarEnd(src []byte, start int, n *yaml.Node) int {
	// Skip a tag or anchor written before the value.
	i := start
	for i < len(src) && (src[i] == '!' || src[i] == '&') {
		for i < len(src) && src[i] != ' ' && src[i] != '\n' {
			i++
		}
		for i < len(src) && src[i] == ' ' {
			i++
		}
	}
	switch {
	case n.Style&yaml.DoubleQuotedStyle != 0 && i < len(src) && src[i] == '"':
		for j := i + 1; j < len(src); j++ {
			if src[j] == '\\' {
				j++
				continue
			}
			if src[j] == '"' {
				return j + 1
			}
		}
		return len(src)
	case n.Style&yaml.SingleQuotedStyle != 0 && i < len(src) && src[i] == '\'':
		for j := i + 1; j < len(src); j++ {
			if src[j] == '\'' {
				if j+1 < len(src) && src[j+1] == '\'' {
					j++
					continue
				}
				return j + 1
			}
		}
		return len(src)
	case n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
		// A block scalar ends where its last content line ends.
		return blockScalarEnd(src, i)
	}
	if !strings.Contains(n.Value, "\n") && bytes.HasPrefix(src[i:], []byte(n.Value)) {
		return i + len(n.Value)
	}
	// A plain scalar folded over lines: end at the last line holding text
	// of the value.
	end := lineEnd(src, i)
	if last := lastLine(n.Value); last != "" {
		if j := bytes.Index(src[i:], []byte(last)); j >= 0 {
			end = i + j + len(last)
		}
	}
	for end > i && (src[end-1] == ' ' || src[end-1] == '\t') {
		end--
	}
	return end
}

func lastLine(s string) string {
	s = strings.TrimRight(s, "\n")
	if i := strings.LastIndexAny(s, "\n "); i >= 0 {
		return s[i+1:]
	}
	return s
}

func blockScalarEnd(src []byte, i int) int {
	lineStartIndent := func(at int) int {
		n := 0
		for at+n < len(src) && src[at+n] == ' ' {
			n++
		}
		return n
	}
	// The indicator line, then lines indented more than the parent.
	header := lineEnd(src, i)
	parentIndent := 0
	ls := i
	for ls > 0 && src[ls-1] != '\n' {
		ls--
	}
	parentIndent = lineStartIndent(ls)
	end := header
	j := header + 1
	for j < len(src) {
		le := lineEnd(src, j)
		line := bytes.TrimSpace(src[j:le])
		if len(line) > 0 {
			if lineStartIndent(j) <= parentIndent {
				break
			}
			end = le
		}
		j = le + 1
	}
	return end
}
