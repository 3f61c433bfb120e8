package checker

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/acrvet/acr/config"
)

// A Note says why a file or directory was not reviewed.
type Note struct {
	Path   string
	Reason string
}

func (n Note) String() string { return n.Path + ": " + n.Reason }

// skippedDirs hold vendored code, caches and environments that are not the
// repository's own source.
var skippedDirs = map[string]string{
	".git": "", ".hg": "", ".svn": "", // version control: silent
	"node_modules": "vendored", "vendor": "vendored", "third_party": "vendored",
	"site-packages": "vendored", "dist-packages": "vendored",
	".venv": "virtual environment", "venv": "virtual environment", ".tox": "virtual environment", ".nox": "virtual environment",
	"__pycache__": "", ".mypy_cache": "", ".pytest_cache": "", ".ruff_cache": "", ".eggs": "",
}

// candidate is a file found by the walk, not yet read.
type candidate struct {
	rel  string // repo-relative slash path
	abs  string
	size int64
	stat fileStat
}

// walker finds the files under the roots that a run reviews.
type walker struct {
	root    string // absolute repository root
	cfg     *config.Config
	notes   []Note
	ignores []ignoreRule
	seen    map[string]bool
	out     []candidate
}

// root pattern forms: a file, a directory, or dir/... (the same as dir).
func (w *walker) walkRoots(roots []string) error {
	w.seen = map[string]bool{}
	for _, r := range roots {
		r = strings.TrimSuffix(r, "/...")
		if r == "..." || r == "" {
			r = "."
		}
		abs, err := filepath.Abs(r)
		if err != nil {
			return err
		}
		st, err := os.Stat(abs)
		if err != nil {
			return fmt.Errorf("%s: %w", r, unwrapPathError(err))
		}
		rel, err := filepath.Rel(w.root, abs)
		if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return fmt.Errorf("%s is outside the repository root %s", r, w.root)
		}
		rel = filepath.ToSlash(rel)
		if !st.IsDir() {
			w.addFile(rel, abs, st)
			continue
		}
		w.loadAncestorIgnores(rel)
		if err := w.walkDir(rel, abs); err != nil {
			return err
		}
	}
	sort.Slice(w.out, func(i, j int) bool { return w.out[i].rel < w.out[j].rel })
	return nil
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// loadAncestorIgnores reads the .gitignore files between the repository
// root and a walk root below it, which the walk itself does not visit.
func (w *walker) loadAncestorIgnores(rel string) {
	if rel == "." {
		return
	}
	dirs := []string{""}
	parts := strings.Split(rel, "/")
	for i := 1; i < len(parts); i++ {
		dirs = append(dirs, strings.Join(parts[:i], "/"))
	}
	for _, d := range dirs {
		w.readIgnore(d, filepath.Join(w.root, filepath.FromSlash(d)))
	}
}

func (w *walker) readIgnore(rel, abs string) {
	key := "ignore:" + rel
	if w.seen[key] {
		return
	}
	w.seen[key] = true
	data, err := os.ReadFile(filepath.Join(abs, ".gitignore"))
	if err != nil {
		return
	}
	w.ignores = append(w.ignores, parseGitignore(relBase(rel), data)...)
}

func relBase(rel string) string {
	if rel == "." {
		return ""
	}
	return rel
}

func (w *walker) walkDir(rel, abs string) error {
	w.readIgnore(rel, abs)
	entries, err := os.ReadDir(abs)
	if err != nil {
		w.notes = append(w.notes, Note{rel, "directory not readable: " + unwrapPathError(err).Error()})
		return nil
	}
	for _, e := range entries {
		name := e.Name()
		childRel := name
		if rel != "." {
			childRel = rel + "/" + name
		}
		childAbs := filepath.Join(abs, name)
		isDir := e.IsDir()
		if e.Type()&fs.ModeSymlink != 0 {
			st, err := os.Stat(childAbs)
			switch {
			case err != nil:
				w.notes = append(w.notes, Note{childRel, "broken or looping symlink: " + unwrapPathError(err).Error()})
				continue
			case st.IsDir():
				// Following directory links could revisit a directory
				// forever; git does not follow them either.
				w.notes = append(w.notes, Note{childRel, "symlinked directory not followed"})
				continue
			}
		}
		if ignored(w.ignores, childRel, isDir) || w.cfg.Excluded(childRel) {
			continue
		}
		if isDir {
			if reason, skip := skippedDirs[name]; skip {
				if reason != "" {
					w.notes = append(w.notes, Note{childRel, reason + " directory skipped"})
				}
				continue
			}
			if err := w.walkDir(childRel, childAbs); err != nil {
				return err
			}
			continue
		}
		st, err := os.Stat(childAbs)
		if err != nil {
			w.notes = append(w.notes, Note{childRel, "not readable: " + unwrapPathError(err).Error()})
			continue
		}
		w.addFile(childRel, childAbs, st)
	}
	return nil
}

func (w *walker) addFile(rel, abs string, st fs.FileInfo) {
	if !st.Mode().IsRegular() {
		w.notes = append(w.notes, Note{rel, "not a regular file"})
		return
	}
	if w.seen[rel] {
		return
	}
	w.seen[rel] = true
	w.out = append(w.out, candidate{rel: rel, abs: abs, size: st.Size(), stat: statOf(st)})
}

// readHead reads the whole of a text file the run may review, refusing
// files over the size limit. It returns a reason when the file is skipped.
func readText(c candidate, max int64) ([]byte, string) {
	if c.size > max {
		return nil, fmt.Sprintf("skipped: %d bytes is over the %d-byte limit (max_file_size)", c.size, max)
	}
	f, err := os.Open(c.abs)
	if err != nil {
		return nil, "not readable: " + unwrapPathError(err).Error()
	}
	defer f.Close()
	// Read at most one byte past the limit, in case the file grew since
	// the walk looked at it.
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, "not readable: " + err.Error()
	}
	if int64(len(data)) > max {
		return nil, fmt.Sprintf("skipped: over the %d-byte limit (max_file_size)", max)
	}
	if isBinary(data) {
		return nil, "skipped: binary file"
	}
	if isGenerated(data) {
		return nil, "skipped: generated file"
	}
	if data == nil {
		data = []byte{}
	}
	return data, ""
}

func isBinary(data []byte) bool {
	head := data
	if len(head) > 8000 {
		head = head[:8000]
	}
	return bytes.IndexByte(head, 0) >= 0
}

// isGenerated recognizes the marker generators write at the top of files
// that people must not edit: findings there cannot be acted on.
func isGenerated(data []byte) bool {
	head := data
	if len(head) > 1024 {
		head = head[:1024]
	}
	for i := 0; i < 5 && len(head) > 0; i++ {
		line, rest, _ := bytes.Cut(head, []byte("\n"))
		head = rest
		l := bytes.ToLower(line)
		if bytes.Contains(l, []byte("generated")) && (bytes.Contains(l, []byte("do not edit")) || bytes.Contains(l, []byte("don't edit"))) {
			return true
		}
	}
	return false
}
