package checker

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"

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
	pending []pendingFile
	// hidden are the files .gitignore or exclude: hid, with their stats:
	// not reviewed, but a pass may read one (a compose .env), so the
	// cache keys hold them.
	hidden  []candidate
	workers int
}

// root pattern forms: a file, a directory, or dir/... (the same as dir).
func (w *walker) walkRoots(roots []string) error {
	w.seen = map[string]bool{}
	for _, r := range roots {
		rel, abs, st, err := resolveRoot(w.root, r)
		if err != nil {
			return err
		}
		if !st.IsDir() {
			w.addFile(rel, abs, st)
			continue
		}
		w.loadAncestorIgnores(rel)
		if err := w.walkDir(rel, abs); err != nil {
			return err
		}
		w.addPending()
	}
	sort.Slice(w.out, func(i, j int) bool { return w.out[i].rel < w.out[j].rel })
	return nil
}

// resolveRoot resolves a root of a run (a file, a directory, or dir/...)
// to its repo-relative slash path, its absolute path and its stat.
func resolveRoot(root, r string) (string, string, fs.FileInfo, error) {
	r = strings.TrimSuffix(r, "/...")
	if r == "..." || r == "" {
		r = "."
	}
	abs, err := filepath.Abs(r)
	if err != nil {
		return "", "", nil, err
	}
	st, err := os.Stat(abs)
	if err != nil {
		return "", "", nil, fmt.Errorf("%s: %w", r, unwrapPathError(err))
	}
	rel, err := filepath.Rel(root, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", "", nil, fmt.Errorf("%s is outside the repository root %s", r, root)
	}
	return filepath.ToSlash(rel), abs, st, nil
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

// walkDir walks the tree under a directory, listing directories in
// parallel (on a tree of small directories, such as one directory per
// migration, listing them one by one was a tenth of a run), and appends
// what it finds to w.pending and w.notes in the order of a sequential
// depth-first walk.
func (w *walker) walkDir(rel, abs string) error {
	tw := &treeWalk{walker: w, sem: make(chan struct{}, max(w.workers, 1))}
	d := tw.dir(rel, abs, w.ignores)
	d.flatten(w)
	return nil
}

// A treeWalk is one parallel walk of a directory tree.
type treeWalk struct {
	*walker
	sem chan struct{} // a token per extra goroutine listing directories
}

// A walkedDir is what the walk found in one directory: its files, its
// notes and its subdirectories, in listing order.
type walkedDir struct {
	notes   []Note
	pending []pendingFile
	hidden  []candidate
	subdirs []*walkedDir
}

func (d *walkedDir) flatten(w *walker) {
	w.notes = append(w.notes, d.notes...)
	w.pending = append(w.pending, d.pending...)
	w.hidden = append(w.hidden, d.hidden...)
	for _, s := range d.subdirs {
		s.flatten(w)
	}
}

// dir walks one directory; ignores are the .gitignore rules of the
// directories above it, to which its own are added for its entries.
func (tw *treeWalk) dir(rel, abs string, ignores []ignoreRule) *walkedDir {
	d := &walkedDir{}
	dir, fd, err := openDir(abs)
	var entries []fs.DirEntry
	if err == nil {
		// The files are stat'ed by name in the open directory, here,
		// where the walk is parallel: a stat by absolute path resolves
		// every directory above the file again.
		defer dir.Close()
		entries, err = dir.ReadDir(-1)
		slices.SortFunc(entries, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	}
	if err != nil {
		d.notes = append(d.notes, Note{rel, "directory not readable: " + unwrapPathError(err).Error()})
		return d
	}
	// Most directories have no .gitignore: trying to open one in each
	// cost as much as listing them.
	if slices.ContainsFunc(entries, func(e fs.DirEntry) bool { return e.Name() == ".gitignore" }) {
		if data, err := os.ReadFile(filepath.Join(abs, ".gitignore")); err == nil {
			ignores = append(slices.Clip(ignores), parseGitignore(relBase(rel), data)...)
		}
	}
	var wg sync.WaitGroup
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
				d.notes = append(d.notes, Note{childRel, "broken or looping symlink: " + unwrapPathError(err).Error()})
				continue
			case st.IsDir():
				// Following directory links could revisit a directory
				// forever; git does not follow them either.
				d.notes = append(d.notes, Note{childRel, "symlinked directory not followed"})
				continue
			}
		}
		if ignored(ignores, childRel, isDir) || tw.cfg.Excluded(childRel) {
			if !isDir {
				if st, _, err := statIn(fd, name, childAbs, false); err == nil {
					d.hidden = append(d.hidden, candidate{rel: childRel, abs: childAbs, stat: st})
				}
			}
			continue
		}
		if !isDir {
			st, regular, err := statIn(fd, name, childAbs, true)
			d.pending = append(d.pending, pendingFile{rel: childRel, abs: childAbs, stat: st, regular: regular, err: err})
			continue
		}
		if reason, skip := skippedDirs[name]; skip {
			if reason != "" {
				d.notes = append(d.notes, Note{childRel, reason + " directory skipped"})
			}
			continue
		}
		sub := &walkedDir{}
		d.subdirs = append(d.subdirs, sub)
		select {
		case tw.sem <- struct{}{}:
			wg.Add(1)
			go func() {
				defer func() { <-tw.sem; wg.Done() }()
				*sub = *tw.dir(childRel, childAbs, ignores)
			}()
		default:
			*sub = *tw.dir(childRel, childAbs, ignores)
		}
	}
	wg.Wait()
	return d
}

// pendingFile is a file the walk found, with its stat (following links).
type pendingFile struct {
	rel, abs string
	stat     fileStat
	regular  bool
	err      error
}

// addPending adds the files the walk found, in walk order.
func (w *walker) addPending() {
	for _, p := range w.pending {
		switch {
		case p.err != nil:
			w.notes = append(w.notes, Note{p.rel, "not readable: " + unwrapPathError(p.err).Error()})
		case !p.regular:
			w.notes = append(w.notes, Note{p.rel, "not a regular file"})
		default:
			w.add(p.rel, p.abs, p.stat)
		}
	}
	w.pending = nil
}

func (w *walker) addFile(rel, abs string, st fs.FileInfo) {
	if !st.Mode().IsRegular() {
		w.notes = append(w.notes, Note{rel, "not a regular file"})
		return
	}
	w.add(rel, abs, statOf(st))
}

func (w *walker) add(rel, abs string, st fileStat) {
	if w.seen[rel] {
		return
	}
	w.seen[rel] = true
	w.out = append(w.out, candidate{rel: rel, abs: abs, stat: st})
}

// readText reads the whole of a text file the run may review, refusing
// files over the size limit. It returns a reason when the file is skipped.
// It reads into *scratch, grown as needed, when scratch is not nil: the
// bytes are then valid until the next call, and a caller that keeps them
// copies them. A binary file is refused after its first 8000 bytes.
func readText(c candidate, limit int64, scratch *[]byte) ([]byte, string) {
	if c.stat.Size > limit {
		return nil, fmt.Sprintf("skipped: %d bytes is over the %d-byte limit (max_file_size)", c.stat.Size, limit)
	}
	f, err := os.Open(c.abs)
	if err != nil {
		return nil, "not readable: " + unwrapPathError(err).Error()
	}
	defer f.Close()
	// One byte past the size the walk saw tells a file that grew since.
	need := int(c.stat.Size) + 1
	var buf []byte
	if scratch != nil {
		if cap(*scratch) < need {
			*scratch = make([]byte, max(need, 64<<10))
		}
		buf = (*scratch)[:need]
	} else {
		buf = make([]byte, need)
	}
	head := min(len(buf), 8000)
	n, err := io.ReadFull(f, buf[:head])
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return nil, "not readable: " + err.Error()
	}
	if isBinary(buf[:n]) {
		return nil, "skipped: binary file"
	}
	if n == head && head < len(buf) {
		m, err := io.ReadFull(f, buf[head:])
		if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
			return nil, "not readable: " + err.Error()
		}
		n += m
	}
	data := buf[:n]
	if n == need {
		// It grew: read on to judge the limit.
		rest, err := io.ReadAll(io.LimitReader(f, limit+1-int64(n)))
		if err != nil {
			return nil, "not readable: " + err.Error()
		}
		data = append(bytes.Clone(data), rest...)
	}
	if int64(len(data)) > limit {
		return nil, fmt.Sprintf("skipped: over the %d-byte limit (max_file_size)", limit)
	}
	if isGenerated(data) {
		return nil, "skipped: generated file"
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
