// Package pass is the polyglot source model that acr passes read: the
// analogue of go/ast and go/token for artifacts of every language a data and
// ML platform keeps in one repository.
//
// A File is one artifact: its repo-relative path, its Kind, its bytes and a
// line table registered in a go/token FileSet, so a position in a Python
// module, a SQL migration or a Compose file is a token.Pos like any other.
// Parsed syntax is cached on the File by the language fronts in the
// subpackages (pass/python, pass/sqlsrc, pass/yamlsrc, pass/zipsrc,
// pass/dockerfile, pass/requirements), so a file is parsed at most once per
// run however many passes ask, and only when one does.
package pass

import (
	"fmt"
	"go/token"
	"os"
	"sort"
	"sync"
	"unicode/utf16"
	"unicode/utf8"
)

// A File is one artifact of the repository under review.
type File struct {
	// Path is the repo-relative, slash-separated path.
	Path string
	// OSPath is the path to open on this machine.
	OSPath string
	// Kind is the artifact kind, from the name and content or the config.
	Kind Kind
	// Size is the size in bytes.
	Size int64

	tok      *token.File
	hasLines bool // ReadFile or Bytes set tok's lines from the bytes it read
	content  []byte
	// deferred: the driver did not keep the bytes; Content loads them,
	// and verify, if set, checks they are the bytes the driver saw.
	deferred bool
	verify   func([]byte) bool
	mu       sync.Mutex
	memo     map[any]*memoEntry
	// released counts memo entries dropped by ReleaseBytes, and
	// recomputed those computed again afterwards: a pass that reads a
	// file's syntax after every pass was done with it costs a second parse.
	released, recomputed int
	// idle: every pass that reads the file is done with it (ReleaseBytes).
	idle bool
}

type memoEntry struct {
	once sync.Once
	val  any
}

// NewFile registers a file with content in fset. Lines are computed from the
// content, so every position in it resolves. A nil content with a size
// registers a file whose bytes are not held in memory (a zip artifact).
func NewFile(fset *token.FileSet, path, osPath string, kind Kind, content []byte, size int64) *File {
	if content != nil {
		size = int64(len(content))
	}
	f := &File{Path: path, OSPath: osPath, Kind: kind, Size: size, content: content}
	// A file registered without its bytes still spans its real size, so
	// positions into it are valid; its lines are set when ReadFile loads it.
	f.tok = fset.AddFile(path, -1, int(size))
	if content != nil {
		f.tok.SetLinesForContent(content)
	}
	return f
}

// Content returns the bytes of a text artifact held in memory. It is nil
// for artifacts read through their own front (zip), files no pass reads,
// and released files; ReadFile loads them.
func (f *File) Content() []byte {
	f.mu.Lock()
	deferred := f.deferred && f.content == nil
	f.mu.Unlock()
	if deferred {
		data, _ := f.ReadFile()
		return data
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.content
}

// Defer marks a text file whose bytes the driver did not keep: Content
// loads them from disk at first use, and ReleaseBytes drops them again.
// The driver sets the file's line table from its scan first, so loading
// the bytes again does not compute it again.
// verify, if not nil, accepts only the bytes the driver scanned.
func (f *File) Defer(verify func([]byte) bool) {
	f.mu.Lock()
	f.deferred = true
	f.verify = verify
	f.mu.Unlock()
}

// ReleaseBytes drops the bytes of a deferred file and its parsed syntax.
// The driver calls it once every pass that reads the file is done with
// it, so parse trees do not pile up as the repository grows.
func (f *File) ReleaseBytes() {
	f.mu.Lock()
	if f.deferred {
		f.content = nil
	}
	f.released += len(f.memo)
	f.memo = nil
	f.idle = true
	f.mu.Unlock()
}

// Idle reports whether ReleaseBytes was called: every pass that reads the
// file is done with it. Syntax memoized on an idle file would stay for the
// rest of the run, so a helper that reads it late (the request-path graph
// summarizing a module a call leads to) parses it outside the memo.
func (f *File) Idle() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.idle
}

// Recomputed reports how many memoized values were computed again after
// ReleaseBytes dropped them.
func (f *File) Recomputed() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.recomputed
}

// Token returns the file's entry in the run's FileSet.
func (f *File) Token() *token.File { return f.tok }

// Pos returns the token.Pos of a byte offset, clamped to the file.
func (f *File) Pos(offset int) token.Pos {
	if offset < 0 {
		offset = 0
	}
	if offset > f.tok.Size() {
		offset = f.tok.Size()
	}
	return f.tok.Pos(offset)
}

// Offset returns the byte offset of a position in this file.
func (f *File) Offset(p token.Pos) int { return f.tok.Offset(p) }

// LineStart returns the byte offset of the start of a 1-based line, clamped
// to the file.
func (f *File) LineStart(line int) int {
	if line < 1 {
		return 0
	}
	if line > f.tok.LineCount() {
		return f.tok.Size()
	}
	return f.tok.Offset(f.tok.LineStart(line))
}

// OffsetOf returns the byte offset of a 1-based line and 1-based column
// counted in characters (runes), as YAML parsers report them.
func (f *File) OffsetOf(line, runeCol int) int {
	off := f.LineStart(line)
	if line <= 1 {
		off += BOMLen(f.content) // parsers count columns after the mark
	}
	for i := 1; i < runeCol && off < len(f.content); i++ {
		if f.content[off] == '\n' {
			break
		}
		_, n := utf8.DecodeRune(f.content[off:])
		off += n
	}
	return off
}

// Position is a resolved position: 1-based line, 1-based byte column, and
// 1-based column in UTF-16 code units, which SARIF and LSP consumers use.
type Position struct {
	Path     string
	Offset   int
	Line     int
	Column   int
	Column16 int
}

func (p Position) String() string { return fmt.Sprintf("%s:%d:%d", p.Path, p.Line, p.Column) }

// Position resolves a byte offset.
func (f *File) Position(offset int) Position {
	p := f.tok.Position(f.Pos(offset))
	start := f.LineStart(p.Line)
	col16 := 1
	if content := f.Content(); content != nil && start <= offset && offset <= len(content) {
		col16 = 1 + utf16Len(content[start:offset])
	} else {
		col16 = p.Column
	}
	return Position{Path: f.Path, Offset: p.Offset, Line: p.Line, Column: p.Column, Column16: col16}
}

func utf16Len(b []byte) int {
	n := 0
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		b = b[size:]
		if r == utf8.RuneError && size == 1 {
			n++ // an invalid byte is shown as one replacement character
			continue
		}
		n += len(utf16.Encode([]rune{r}))
	}
	return n
}

// Memo returns the value computed by compute for key, computing it once per
// file however many goroutines ask. The language fronts cache parsed syntax
// here; key should be an unexported type of the caller's package.
func (f *File) Memo(key any, compute func() any) any {
	f.mu.Lock()
	if f.memo == nil {
		f.memo = map[any]*memoEntry{}
	}
	e, ok := f.memo[key]
	if !ok {
		e = &memoEntry{}
		f.memo[key] = e
		if f.released > 0 {
			f.recomputed++
		}
	}
	f.mu.Unlock()
	e.once.Do(func() { e.val = compute() })
	return e.val
}

// Cached returns the value and error of compute for key, computed once per
// file however many goroutines ask. The language fronts parse through it,
// keyed by an unexported type of their package, so a file is parsed at
// most once per run.
func Cached[T any](f *File, key any, compute func() (T, error)) (T, error) {
	r := f.Memo(key, func() any {
		v, err := compute()
		return cachedValue[T]{v, err}
	}).(cachedValue[T])
	return r.v, r.err
}

type cachedValue[T any] struct {
	v   T
	err error
}

// ReadFile returns the file's bytes, loading them from disk, once, when
// the driver does not hold them (a file a pass looks up by path, or the
// second file a fix edits). Loading sets the line table, so positions in
// the file resolve to lines from then on; a deferred file has its table
// from the driver's scan already. A file whose size changed since the
// walk is an error: its positions would be wrong.
func (f *File) ReadFile() ([]byte, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.content != nil {
		return f.content, nil
	}
	if f.Size == 0 {
		return []byte{}, nil
	}
	data, err := os.ReadFile(f.OSPath)
	if err != nil {
		return nil, err
	}
	if int64(len(data)) != f.Size || f.verify != nil && !f.verify(data) {
		return nil, fmt.Errorf("%s changed during the run", f.Path)
	}
	f.content = data
	// A file read again after ReleaseBytes keeps the lines of its first
	// read (a read of other bytes fails above, as far as the size and
	// verify tell): an 8 MB file has 700,000 of them. A deferred file has
	// the lines of the driver's scan.
	if !f.hasLines && !f.deferred {
		f.tok.SetLinesForContent(data)
		f.hasLines = true
	}
	return data, nil
}

// Bytes returns the file's bytes without keeping them: the bytes held in
// memory, else a fresh read, checked as ReadFile checks it, that the file
// does not hold on to. A helper that reads files after the passes that
// needed them are done (or files no pass reads) uses it, so their bytes
// do not stay in memory for the rest of the run; the line table they
// give stays, as ReadFile's does.
func (f *File) Bytes() ([]byte, error) {
	f.mu.Lock()
	data, verify := f.content, f.verify
	f.mu.Unlock()
	if data != nil || f.Size == 0 {
		if data == nil {
			data = []byte{}
		}
		return data, nil
	}
	data, err := os.ReadFile(f.OSPath)
	if err != nil {
		return nil, err
	}
	if int64(len(data)) != f.Size || verify != nil && !verify(data) {
		return nil, fmt.Errorf("%s changed during the run", f.Path)
	}
	// As ReadFile: positions found in these bytes (a finding's related
	// information in a module parsed outside the memo) resolve to lines.
	f.mu.Lock()
	if !f.hasLines && !f.deferred {
		f.tok.SetLinesForContent(data)
		f.hasLines = true
	}
	f.mu.Unlock()
	return data, nil
}

// A SyntaxError is a parse failure at a byte offset of a file. Fronts
// return it instead of panicking; passes report it with
// acr.Pass.ReportSyntaxError.
type SyntaxError struct {
	File   *File
	Offset int
	Msg    string
}

func (e *SyntaxError) Error() string {
	if e.File == nil {
		return e.Msg
	}
	return fmt.Sprintf("%s: %s", e.File.Position(e.Offset), e.Msg)
}

// Repo is the set of files a run found, by path.
type Repo struct {
	// Root is the repository root on this machine.
	Root   string
	files  []*File
	byPath map[string]*File
}

// NewRepo indexes files by path; files must be sorted by path.
func NewRepo(root string, files []*File) *Repo {
	r := &Repo{Root: root, files: files, byPath: make(map[string]*File, len(files))}
	sort.Slice(r.files, func(i, j int) bool { return r.files[i].Path < r.files[j].Path })
	for _, f := range files {
		r.byPath[f.Path] = f
	}
	return r
}

// Files returns every file of the run, sorted by path.
func (r *Repo) Files() []*File { return r.files }

// Lookup returns the file with the repo-relative path, or nil.
func (r *Repo) Lookup(path string) *File { return r.byPath[path] }

// OfKind returns the files of the given kinds, sorted by path.
func (r *Repo) OfKind(kinds ...Kind) []*File {
	var out []*File
	for _, f := range r.files {
		for _, k := range kinds {
			if f.Kind == k {
				out = append(out, f)
				break
			}
		}
	}
	return out
}
