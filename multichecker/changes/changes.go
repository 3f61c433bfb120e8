// Package changes finds the lines a pull request changed, from git or from
// a unified diff, and keeps only the findings on them: acrvet's
// -new-from-rev and -new-from-patch.
//
// A finding counts when one of its lines was added or modified; a finding
// about a file as a whole (a model artifact) counts when the file was
// added, modified, renamed or replaced in any way. Deleted lines count
// for nothing: the code they held is gone. Findings about the repository as
// a whole have no lines and never count.
package changes

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/acrvet/acr/checker"
	"github.com/acrvet/acr/output"
)

// Set holds the changed lines of each changed file, by slash path.
type Set struct {
	files map[string]*file
}

type file struct {
	whole bool     // every line counts: a new untracked file, a binary file
	lines []lineSp // added or modified lines, sorted, merged
}

// lineSp is a closed range of 1-based lines.
type lineSp struct{ from, to int }

func newSet() *Set { return &Set{files: map[string]*file{}} }

func (s *Set) touch(p string) *file {
	f := s.files[p]
	if f == nil {
		f = &file{}
		s.files[p] = f
	}
	return f
}

func (s *Set) addLines(p string, from, to int) {
	f := s.touch(p)
	f.lines = append(f.lines, lineSp{from, to})
}

func (s *Set) normalize() {
	for _, f := range s.files {
		sort.Slice(f.lines, func(i, j int) bool { return f.lines[i].from < f.lines[j].from })
		var merged []lineSp
		for _, l := range f.lines {
			if n := len(merged); n > 0 && l.from <= merged[n-1].to+1 {
				merged[n-1].to = max(merged[n-1].to, l.to)
				continue
			}
			merged = append(merged, l)
		}
		f.lines = merged
	}
}

// Files returns the changed paths, sorted.
func (s *Set) Files() []string {
	var out []string
	for p := range s.files {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// Changed reports whether the file changed at all.
func (s *Set) Changed(p string) bool { return s.files[p] != nil }

// Overlaps reports whether any line in [from, to] of the file changed.
func (s *Set) Overlaps(p string, from, to int) bool {
	f := s.files[p]
	if f == nil {
		return false
	}
	if f.whole {
		return true
	}
	for _, l := range f.lines {
		if l.from <= to && from <= l.to {
			return true
		}
	}
	return false
}

// Under returns the set of the files below dir (a slash path relative to
// the set's paths), with dir stripped: it maps the paths of a diff taken at
// the top of a git work tree to those of an acr root inside it.
func (s *Set) Under(dir string) *Set {
	dir = strings.Trim(path.Clean(dir), "/")
	if dir == "." || dir == "" {
		return s
	}
	out := newSet()
	for p, f := range s.files {
		if rest, ok := strings.CutPrefix(p, dir+"/"); ok {
			out.files[rest] = f
		}
	}
	return out
}

// Filter returns the findings on changed lines, as the package doc says.
func (s *Set) Filter(findings []checker.Finding) []checker.Finding {
	var out []checker.Finding
	for _, fd := range findings {
		if fd.File == nil {
			continue
		}
		p := fd.File.Path
		if output.IsWholeFile(fd) {
			if s.Changed(p) {
				out = append(out, fd)
			}
			continue
		}
		last := max(fd.Posn.Line, fd.End.Line)
		if fd.End.Line > fd.Posn.Line && fd.End.Column == 1 {
			last-- // the span ends at the start of a line: that line is not in it
		}
		if s.Overlaps(p, fd.Posn.Line, last) {
			out = append(out, fd)
		}
	}
	return out
}

// ParsePatch reads a unified diff (git's or diff -u's) and returns the
// lines it adds or modifies in each file, under the paths of its new side
// with git's b/ prefix removed. Binary changes mark the whole file.
func ParsePatch(r io.Reader) (*Set, error) {
	s := newSet()
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 64<<20)
	var (
		cur      string // new-side path of the current file; "" when deleted
		lineNo   int
		oldLeft  int
		newLeft  int
		inHunk   bool
		sawPatch bool
		n        int
	)
	for sc.Scan() {
		n++
		line := sc.Text()
		if inHunk && (oldLeft > 0 || newLeft > 0) {
			switch {
			case strings.HasPrefix(line, "+"):
				if cur != "" {
					s.addLines(cur, lineNo, lineNo)
				}
				lineNo++
				newLeft--
			case strings.HasPrefix(line, "-"):
				oldLeft--
			case strings.HasPrefix(line, " ") || line == "":
				lineNo++
				oldLeft--
				newLeft--
			case strings.HasPrefix(line, `\`): // \ No newline at end of file
			default:
				return nil, fmt.Errorf("line %d: hunk ends early: %q", n, truncate(line))
			}
			continue
		}
		inHunk = false
		switch {
		case strings.HasPrefix(line, `\`):
		case strings.HasPrefix(line, "diff --git "):
			sawPatch = true
			cur = ""
			if _, b, ok := splitGitHeader(strings.TrimPrefix(line, "diff --git ")); ok {
				cur = b
			}
		case strings.HasPrefix(line, "+++ "):
			sawPatch = true
			p, err := patchPath(strings.TrimPrefix(line, "+++ "))
			if err != nil {
				return nil, fmt.Errorf("line %d: %v", n, err)
			}
			cur = p
		case strings.HasPrefix(line, "rename to "), strings.HasPrefix(line, "copy to "):
			_, rest, _ := strings.Cut(line, " to ")
			p, err := unquote(rest)
			if err != nil {
				return nil, fmt.Errorf("line %d: %v", n, err)
			}
			cur = p
			s.touch(cur)
		case strings.HasPrefix(line, "new file mode"), strings.HasPrefix(line, "old mode"), strings.HasPrefix(line, "new mode"):
			if cur != "" {
				s.touch(cur)
			}
		case strings.HasPrefix(line, "deleted file mode"):
			cur = ""
		case strings.HasPrefix(line, "Binary files ") && strings.HasSuffix(line, " differ"),
			line == "GIT binary patch":
			sawPatch = true
			if strings.HasPrefix(line, "Binary files ") {
				if _, after, ok := strings.Cut(strings.TrimSuffix(line, " differ"), " and "); ok {
					if p, err := patchPath(after); err == nil {
						cur = p
					}
				}
			}
			if cur != "" {
				s.touch(cur).whole = true
			}
		case strings.HasPrefix(line, "@@ "):
			sawPatch = true
			var err error
			oldLeft, lineNo, newLeft, err = parseHunkHeader(line)
			if err != nil {
				return nil, fmt.Errorf("line %d: %v", n, err)
			}
			inHunk = true
			if cur != "" {
				s.touch(cur)
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if inHunk && (oldLeft > 0 || newLeft > 0) {
		return nil, fmt.Errorf("line %d: the patch ends inside a hunk", n)
	}
	if !sawPatch && n > 0 {
		return nil, errors.New("not a unified diff: no file headers or hunks found")
	}
	s.normalize()
	return s, nil
}

func truncate(s string) string {
	if len(s) > 60 {
		return s[:60] + "…"
	}
	return s
}

// parseHunkHeader reads "@@ -a[,b] +c[,d] @@ ..." and returns the old
// line count, the first new line and the new line count.
func parseHunkHeader(line string) (oldCount, newStart, newCount int, err error) {
	fields := strings.Fields(line)
	if len(fields) < 4 || fields[3] != "@@" || !strings.HasPrefix(fields[1], "-") || !strings.HasPrefix(fields[2], "+") {
		return 0, 0, 0, fmt.Errorf("malformed hunk header %q", truncate(line))
	}
	_, oldCount, err = parseRange(fields[1][1:])
	if err != nil {
		return 0, 0, 0, fmt.Errorf("malformed hunk header %q: %v", truncate(line), err)
	}
	newStart, newCount, err = parseRange(fields[2][1:])
	if err != nil {
		return 0, 0, 0, fmt.Errorf("malformed hunk header %q: %v", truncate(line), err)
	}
	return oldCount, newStart, newCount, nil
}

func parseRange(s string) (start, count int, err error) {
	a, b, hasCount := strings.Cut(s, ",")
	if start, err = strconv.Atoi(a); err != nil || start < 0 {
		return 0, 0, fmt.Errorf("bad line number %q", a)
	}
	count = 1
	if hasCount {
		if count, err = strconv.Atoi(b); err != nil || count < 0 {
			return 0, 0, fmt.Errorf("bad line count %q", b)
		}
	}
	return start, count, nil
}

// patchPath reads the path of a ---/+++ line or of a Binary files line:
// /dev/null is "" (the file is absent on that side), git's a/ and b/
// prefixes are removed, and a timestamp after a tab is dropped.
func patchPath(s string) (string, error) {
	if !strings.HasPrefix(s, `"`) {
		s, _, _ = strings.Cut(s, "\t")
		s = strings.TrimRight(s, " ")
	}
	p, err := unquote(s)
	if err != nil {
		return "", err
	}
	if p == "/dev/null" {
		return "", nil
	}
	for _, pre := range []string{"b/", "a/"} {
		if rest, ok := strings.CutPrefix(p, pre); ok {
			return rest, nil
		}
	}
	return p, nil
}

// unquote reads a path git may have C-quoted ("a\tb.py", octal escapes
// for non-ASCII bytes).
func unquote(s string) (string, error) {
	if !strings.HasPrefix(s, `"`) {
		return s, nil
	}
	u, err := strconv.Unquote(s)
	if err != nil {
		return "", fmt.Errorf("bad quoted path %s", truncate(s))
	}
	return u, nil
}

// splitGitHeader splits the "a/X b/Y" of a diff --git line; it is exact
// when the names are quoted or X and Y are the same, which covers all but
// renames of names with spaces, whose +++ or rename line follows anyway.
func splitGitHeader(s string) (a, b string, ok bool) {
	if strings.HasPrefix(s, `"`) {
		end := closingQuote(s)
		if end < 0 {
			return "", "", false
		}
		a = s[:end+1]
		b = strings.TrimPrefix(s[end+1:], " ")
	} else if i := len(s) / 2; len(s)%2 == 1 && s[i] == ' ' && strings.TrimPrefix(s[:i], "a/") == strings.TrimPrefix(s[i+1:], "b/") {
		a, b = s[:i], s[i+1:]
	} else if i := strings.Index(s, " b/"); i >= 0 {
		a, b = s[:i], s[i+1:]
	} else {
		return "", "", false
	}
	pa, err1 := patchPath(a)
	pb, err2 := patchPath(b)
	return pa, pb, err1 == nil && err2 == nil
}

func closingQuote(s string) int {
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '"':
			return i
		}
	}
	return -1
}

// FromPatchFile reads a unified diff from a file ("-" for standard input)
// for the acr root: its paths are taken relative to the top of the git
// work tree that holds root when there is one (as git diff writes them),
// else relative to root.
func FromPatchFile(root, name string) (*Set, error) {
	var data []byte
	var err error
	if name == "-" {
		data, err = io.ReadAll(os.Stdin)
	} else {
		data, err = os.ReadFile(name)
	}
	if err != nil {
		return nil, err
	}
	s, err := ParsePatch(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	top, err := gitOutput(root, "rev-parse", "--show-toplevel")
	if err != nil {
		return s, nil // not in a git work tree: paths are relative to root
	}
	return s.Under(relDir(strings.TrimSpace(top), root)), nil
}

// FromRev returns the lines changed between the git revision rev and the
// work tree that holds root (committed, staged and unstaged changes, and
// untracked files that are not ignored), with paths relative to root.
// An unknown revision is an error, never an empty or a full set.
func FromRev(root, rev string) (*Set, error) {
	if rev == "" || strings.HasPrefix(rev, "-") {
		return nil, fmt.Errorf("invalid revision %q", rev)
	}
	topOut, err := gitOutput(root, "rev-parse", "--show-toplevel")
	if err != nil {
		return nil, fmt.Errorf("%s is not in a git work tree: %v", root, err)
	}
	top := strings.TrimSpace(topOut)
	if _, err := gitOutput(top, "rev-parse", "--verify", "--quiet", "--end-of-options", rev+"^{commit}"); err != nil {
		return nil, fmt.Errorf("unknown revision %q: fetch it first (in CI, check out with full history, e.g. fetch-depth: 0)", rev)
	}
	diff, err := gitOutput(top, "-c", "core.quotePath=false", "diff", "--no-color", "--no-ext-diff", "--no-textconv",
		"--src-prefix=a/", "--dst-prefix=b/", "--unified=0", "-M", rev, "--")
	if err != nil {
		return nil, err
	}
	s, err := ParsePatch(strings.NewReader(diff))
	if err != nil && diff != "" {
		return nil, fmt.Errorf("reading git diff %s: %v", rev, err)
	}
	if s == nil {
		s = newSet()
	}
	untracked, err := gitOutput(top, "ls-files", "--others", "--exclude-standard", "-z")
	if err != nil {
		return nil, err
	}
	for _, p := range strings.Split(untracked, "\x00") {
		if p != "" {
			s.touch(p).whole = true
		}
	}
	return s.Under(relDir(top, root)), nil
}

// relDir returns root relative to top as a slash path, resolving symbolic
// links on both (a temp dir under a symlinked /tmp, say).
func relDir(top, root string) string {
	if t, err := filepath.EvalSymlinks(top); err == nil {
		top = t
	}
	if r, err := filepath.Abs(root); err == nil {
		root = r
	}
	if r, err := filepath.EvalSymlinks(root); err == nil {
		root = r
	}
	rel, err := filepath.Rel(top, root)
	if err != nil || strings.HasPrefix(rel, "..") {
		return "."
	}
	return filepath.ToSlash(rel)
}

func gitOutput(dir string, args ...string) (string, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return "", fmt.Errorf("git %s: %s", strings.Join(args, " "), msg)
	}
	return stdout.String(), nil
}
