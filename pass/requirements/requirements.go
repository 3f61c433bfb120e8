package requirements

import (
	"errors"
	"path"
	"strings"

	"github.com/acrvet/acr/pass"
)

// Format is the syntax a dependency file is written in.
type Format int

const (
	PipRequirements Format = iota // requirements.txt and friends
	Pyproject                     // pyproject.toml
	Pipfile                       // Pipfile
)

func (f Format) String() string {
	switch f {
	case Pyproject:
		return "pyproject.toml"
	case Pipfile:
		return "Pipfile"
	}
	return "requirements"
}

// A File is the parsed dependency list of one file.
type File struct {
	File         *pass.File
	Format       Format
	Requirements []*Requirement
	// Includes are `-r` and `-c` lines of a requirements file.
	Includes []*Include
	// Options are global pip options such as --index-url.
	Options []*Option
	// Errors are every problem found, in file order; Parse returns the
	// first.
	Errors []*pass.SyntaxError
}

// A Requirement is one dependency.
type Requirement struct {
	// Name is the project name as written; Normalized is its PEP 503 form.
	// Both are empty for a URL or path requirement without #egg=.
	Name       string
	Normalized string
	Extras     []string
	Specifiers []Specifier
	// URL is the target of `name @ url`, an editable or a direct URL or
	// path line.
	URL      string
	Marker   string
	Editable bool
	Hashes   []string
	// Section says where in the file the requirement is listed: empty for
	// a requirements file, else e.g. "project.dependencies",
	// "project.optional-dependencies.dev", "tool.poetry.dependencies",
	// "tool.poetry.group.test.dependencies", "dependency-groups.dev",
	// "build-system.requires", "packages", "dev-packages".
	Section string

	// Start and End delimit the requirement in the file: the requirement
	// string, or for a Poetry/Pipfile entry the whole `key = value`.
	Start, End int
	// NameStart and NameEnd delimit the name.
	NameStart, NameEnd int
	// SpecStart and SpecEnd delimit the version constraint: the specifier
	// list of a requirement string, or the version string of a Poetry or
	// Pipfile entry. Without a constraint they are equal and mark where one
	// would be inserted.
	SpecStart, SpecEnd int
	// Line is the 1-based line of Start.
	Line int
}

// A Specifier is one version clause, such as `>=1.2`.
type Specifier struct {
	Op      string // ==, !=, <=, >=, <, >, ~=, ===; Poetry's ^ and ~ are kept as written
	Version string
}

func (s Specifier) String() string { return s.Op + s.Version }

// Pin returns the exact version the requirement allows and true when it is
// pinned: a single `==` clause without wildcard, or `===` (which a wheel
// file name implies).
func (r *Requirement) Pin() (string, bool) {
	if len(r.Specifiers) != 1 {
		return "", false
	}
	s := r.Specifiers[0]
	switch {
	case s.Op == "===":
		return s.Version, true
	case s.Op == "==" && !strings.HasSuffix(s.Version, ".*") && s.Version != "*":
		return s.Version, true
	}
	return "", false
}

// SpecString returns the specifiers joined by commas.
func (r *Requirement) SpecString() string {
	parts := make([]string, len(r.Specifiers))
	for i, s := range r.Specifiers {
		parts[i] = s.String()
	}
	return strings.Join(parts, ",")
}

// An Include is a `-r file` (Constraint false) or `-c file` line.
type Include struct {
	Path       string
	Constraint bool
	Start, End int
}

// An Option is a global pip option line such as `--index-url URL`.
type Option struct {
	Name       string // with its dashes, long form when pip has one
	Value      string
	Start, End int
}

// Normalize returns the PEP 503 normalized form of a project name.
func Normalize(name string) string {
	var b strings.Builder
	b.Grow(len(name))
	sep := false
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c == '-' || c == '_' || c == '.' {
			sep = true
			continue
		}
		if sep && b.Len() > 0 {
			b.WriteByte('-')
		}
		sep = false
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b.WriteByte(c)
	}
	return b.String()
}

// Lookup returns the requirements whose normalized name is Normalize(name).
func (f *File) Lookup(name string) []*Requirement {
	n := Normalize(name)
	var out []*Requirement
	for _, r := range f.Requirements {
		if r.Normalized == n {
			out = append(out, r)
		}
	}
	return out
}

type memoKey struct{}

// Parse parses a Requirements or Pyproject file, once per run. It returns
// every requirement it could read and, if some part could not be read, the
// first *pass.SyntaxError.
func Parse(f *pass.File) (*File, error) {
	return pass.Cached(f, memoKey{}, func() (*File, error) { return parse(f) })
}

func parse(f *pass.File) (*File, error) {
	src, err := f.ReadFile()
	if err != nil {
		return nil, &pass.SyntaxError{File: f, Msg: "cannot read dependency file: " + err.Error()}
	}
	src = pass.BlankBOM(src) // blanks where the mark was keep every offset
	out := &File{File: f}
	switch base := strings.ToLower(path.Base(f.Path)); {
	case base == "pipfile":
		out.Format = Pipfile
		parseTOML(out, src)
	case strings.HasSuffix(base, ".toml"):
		out.Format = Pyproject
		parseTOML(out, src)
	default:
		out.Format = PipRequirements
		parsePip(out, src)
	}
	if len(out.Errors) > 0 {
		return out, out.Errors[0]
	}
	return out, nil
}

func (out *File) errorf(off int, msg string) {
	out.Errors = append(out.Errors, &pass.SyntaxError{File: out.File, Offset: off, Msg: msg})
}

func (out *File) line(off int) int {
	if out.File == nil || out.File.Token() == nil {
		return 0
	}
	return out.File.Position(off).Line
}

// errSyntax is the internal error of the PEP 508 reader; its offset is
// relative to the requirement string.
type errSyntax struct {
	off int
	msg string
}

func (e *errSyntax) Error() string { return e.msg }

func asSyntax(err error) (*errSyntax, bool) {
	var es *errSyntax
	ok := errors.As(err, &es)
	return es, ok
}
