package checker

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/acrvet/acr/pass"
)

// An Edit replaces the bytes [Start, End) of a file with New.
type Edit struct {
	Start, End int
	New        []byte
}

// FixPlan is the set of edits the suggested fixes of a run make, per file,
// with the fixes that had to be skipped.
type FixPlan struct {
	Files   map[*pass.File][]Edit
	Skipped []string // one message per fix not applied, with its position
}

// PlanFixes collects the first suggested fix of each finding. A fix whose
// edits overlap an edit already taken, or that spans files it cannot
// resolve, is skipped as a whole with a message, so no fix is ever half
// applied. Identical edits from different findings are applied once.
func PlanFixes(res *Result, findings []Finding) *FixPlan {
	plan := &FixPlan{Files: map[*pass.File][]Edit{}}
	for _, fd := range findings {
		if len(fd.Diagnostic.SuggestedFixes) == 0 {
			continue
		}
		fix := fd.Diagnostic.SuggestedFixes[0]
		staged := map[*pass.File][]Edit{}
		ok := true
		for _, te := range fix.TextEdits {
			f, _ := res.Resolve(te.Pos)
			if f == nil || f.Kind == pass.Zip {
				ok = false
				break
			}
			if _, err := f.ReadFile(); err != nil {
				ok = false
				break
			}
			end := te.End
			if !end.IsValid() {
				end = te.Pos
			}
			e := Edit{Start: f.Offset(te.Pos), End: f.Offset(end), New: te.NewText}
			if e.End < e.Start {
				ok = false
				break
			}
			staged[f] = append(staged[f], e)
		}
		if ok {
			for f, edits := range staged {
				if conflicts(plan.Files[f], edits) {
					ok = false
				}
			}
		}
		if !ok {
			plan.Skipped = append(plan.Skipped, fmt.Sprintf("%s: fix %q skipped: its edits overlap another fix or fall outside a text file; apply it by hand", fd.Posn, fix.Message))
			continue
		}
		for f, edits := range staged {
			plan.Files[f] = mergeEdits(plan.Files[f], edits)
		}
	}
	return plan
}

// conflicts reports whether an edit of add overlaps an edit of have
// other than an identical one. have is sorted by Start and its edits do
// not overlap, so only the edit before the insertion point can reach over
// an edit's start: each lookup is a binary search.
func conflicts(have, add []Edit) bool {
	for _, a := range add {
		i := sort.Search(len(have), func(i int) bool { return have[i].Start >= a.Start })
		if i > 0 && clash(have[i-1], a) {
			return true
		}
		for j := i; j < len(have) && (have[j].Start < a.End || have[j].Start == a.Start); j++ {
			if clash(have[j], a) {
				return true
			}
		}
	}
	return false
}

// clash reports whether two edits cannot both be made: they overlap, or
// they insert different text at one point (in an unknown order).
func clash(h, a Edit) bool {
	if a.Start == h.Start && a.End == h.End && bytes.Equal(a.New, h.New) {
		return false
	}
	if a.Start < h.End && h.Start < a.End {
		return true
	}
	return a.Start == a.End && h.Start == h.End && a.Start == h.Start
}

// mergeEdits adds the edits of add that have does not hold yet, keeping
// have sorted by Start (an edit goes after those with the same Start).
func mergeEdits(have, add []Edit) []Edit {
outer:
	for _, a := range add {
		i := sort.Search(len(have), func(i int) bool { return have[i].Start > a.Start })
		for j := i - 1; j >= 0 && have[j].Start == a.Start; j-- {
			if have[j].End == a.End && bytes.Equal(have[j].New, a.New) {
				continue outer
			}
		}
		have = slices.Insert(have, i, a)
	}
	return have
}

// Apply returns the content with the sorted, non-overlapping edits made.
func Apply(content []byte, edits []Edit) []byte {
	var buf bytes.Buffer
	last := 0
	for _, e := range edits {
		buf.Write(content[last:e.Start])
		buf.Write(e.New)
		last = e.End
	}
	buf.Write(content[last:])
	return buf.Bytes()
}

// A FileFix is what a fix plan writes into one file on disk: the file
// under its repository path, the real path a symbolic link resolves to,
// the content the run read, and the edits adapted to the file (inserted
// after its byte order mark, with its line endings).
type FileFix struct {
	File    *pass.File // the file of the run it was found as: the target itself when the run has it
	Path    string     // File.Path
	Links   []string   // the other paths of the run that name it (symbolic links)
	Real    string     // the file written, symlinks resolved
	Kind    pass.Kind
	Content []byte
	Edits   []Edit
}

// Fixed returns the content with the edits made.
func (ff *FileFix) Fixed() []byte { return Apply(ff.Content, ff.Edits) }

// Resolve turns a plan into the files to write, one per file on disk
// however many symbolic links in the run point to it. It refuses, with one
// error each and without stopping the others, a file that changed since
// the run read it, a link whose target lies outside the repository, a file
// that is read-only or has other hard links (replacing it would cut them),
// edits that reach into a byte order mark, and a fix after which a file
// that parsed no longer does.
func (plan *FixPlan) Resolve(res *Result) ([]*FileFix, []error) {
	root := res.Repo.Root
	if r, err := filepath.EvalSymlinks(root); err == nil {
		root = r
	}
	root, _ = filepath.Abs(root)
	var files []*pass.File
	for f := range plan.Files {
		files = append(files, f)
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })

	var errs []error
	byReal := map[string]*FileFix{}
	var out []*FileFix
	for _, f := range files {
		real, err := filepath.EvalSymlinks(f.OSPath)
		if err == nil {
			real, err = filepath.Abs(real)
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %v; its fixes were not applied", f.Path, err))
			continue
		}
		if rel, err := filepath.Rel(root, real); err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			errs = append(errs, fmt.Errorf("%s is a symbolic link to %s, outside the repository; its fixes were not applied", f.Path, real))
			continue
		}
		edits := slices.Clone(plan.Files[f])
		if ff := byReal[real]; ff != nil {
			// Another link to a file already planned: the same findings
			// usually propose the same edits, which merge.
			if conflicts(ff.Edits, edits) {
				errs = append(errs, fmt.Errorf("%s and %s are the same file and their fixes overlap; the fixes through %s were not applied", ff.Path, f.Path, f.Path))
				continue
			}
			ff.Edits = mergeEdits(ff.Edits, edits)
			if filepath.Clean(f.OSPath) == real {
				ff.Links = append(ff.Links, ff.Path)
				ff.File, ff.Path = f, f.Path
			} else {
				ff.Links = append(ff.Links, f.Path)
			}
			continue
		}
		content, err := os.ReadFile(real)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %v", f.Path, err))
			continue
		}
		if !bytes.Equal(f.Content(), content) {
			errs = append(errs, fmt.Errorf("%s changed during the run; its fixes were not applied", f.Path))
			continue
		}
		ff := &FileFix{File: f, Path: f.Path, Real: real, Kind: f.Kind, Content: content, Edits: edits}
		byReal[real] = ff
		out = append(out, ff)
	}

	kept := out[:0]
	for _, ff := range out {
		if err := ff.check(); err != nil {
			errs = append(errs, err)
			continue
		}
		kept = append(kept, ff)
	}
	return kept, errs
}

// check adapts the edits to the file and refuses a file -fix may not
// replace or a result that no longer parses.
func (ff *FileFix) check() error {
	if err := replaceable(ff.Real); err != nil {
		return fmt.Errorf("%s %v; its fixes were not applied", ff.Path, err)
	}
	bom := pass.BOMLen(ff.Content)
	crlf := usesCRLF(ff.Content)
	for i, e := range ff.Edits {
		if e.Start < bom {
			if e.End > 0 {
				return fmt.Errorf("%s: a fix would edit the byte order mark; its fixes were not applied", ff.Path)
			}
			e.Start, e.End = bom, bom // an insertion at the top goes after the mark
		}
		if crlf {
			e.New = toCRLF(e.New)
		}
		ff.Edits[i] = e
	}
	sort.SliceStable(ff.Edits, func(i, j int) bool { return ff.Edits[i].Start < ff.Edits[j].Start })
	if check := pass.SyntaxCheckFor(ff.Kind); check != nil && check(ff.Content) == nil {
		if err := check(ff.Fixed()); err != nil {
			return fmt.Errorf("%s would no longer parse after its fixes (%v); they were not applied", ff.Path, err)
		}
	}
	return nil
}

// replaceable reports why -fix may not replace the file at path: it is
// read-only (no write permission bit: even root leaves a 0444 file
// alone), or platformRefusal says why not.
func replaceable(path string) error {
	st, err := os.Stat(path)
	if err != nil {
		return err
	}
	if st.Mode().Perm()&0o222 == 0 {
		return fmt.Errorf("is read-only (mode %v)", st.Mode().Perm())
	}
	return platformRefusal(path, st)
}

// usesCRLF reports whether most line breaks of content are \r\n.
func usesCRLF(content []byte) bool {
	lf := bytes.Count(content, []byte("\n"))
	crlf := bytes.Count(content, []byte("\r\n"))
	return crlf > 0 && 2*crlf >= lf
}

// toCRLF ends every line of text with \r\n.
func toCRLF(text []byte) []byte {
	if !bytes.Contains(text, []byte("\n")) {
		return text
	}
	out := make([]byte, 0, len(text)+bytes.Count(text, []byte("\n")))
	for i, c := range text {
		if c == '\n' && (i == 0 || text[i-1] != '\r') {
			out = append(out, '\r')
		}
		out = append(out, c)
	}
	return out
}

// Write replaces the file with its fixed content, atomically, keeping its
// mode, owner and group, and symbolic links pointing to it.
func (ff *FileFix) Write() error { return WriteAtomic(ff.Real, ff.Fixed()) }

// WriteAtomic replaces a file's content by writing a temporary file in the
// same directory and renaming it over the original: a crash leaves either
// the old or the new file, never half of one. The new file gets the old
// one's mode, owner and group; when it cannot (another user's group), the
// file is left alone and the error says why. A symbolic link is followed,
// so the link stays a link.
func WriteAtomic(path string, data []byte) error {
	if real, err := filepath.EvalSymlinks(path); err == nil {
		path = real
	}
	st, err := os.Stat(path)
	if err != nil {
		return err
	}
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".acr-*")
	if err != nil {
		return err
	}
	name := tmp.Name()
	_, werr := tmp.Write(data)
	if werr == nil {
		werr = keepOwner(tmp, st)
	}
	if werr == nil {
		// After chown, which clears set-user-ID and set-group-ID bits.
		werr = tmp.Chmod(st.Mode() & (fs.ModePerm | fs.ModeSetuid | fs.ModeSetgid | fs.ModeSticky))
	}
	if werr == nil {
		werr = tmp.Sync()
	}
	if cerr := tmp.Close(); werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Rename(name, path)
	}
	if werr != nil {
		os.Remove(name)
		return werr
	}
	// The rename is durable once the directory is synced.
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}
