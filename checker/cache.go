package checker

import (
	"bytes"
	"crypto/sha256"
	"encoding"
	"encoding/gob"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"syscall"
	"time"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/pass"
)

// A Cache keeps the findings of each pass, keyed by a hash of everything
// the pass depends on, so a run over an unchanged repository reads only
// what it must print. Entries are written atomically (temporary file and
// rename), so concurrent runs never see half an entry; a damaged or
// unreadable entry is a miss, never an error.
type Cache struct {
	// Dir is the cache directory.
	Dir string
	// Version is mixed into every key: a new acr never reads an older
	// one's findings.
	Version string
}

// DefaultCache returns the cache in the user's cache directory.
func DefaultCache(version string) (*Cache, error) {
	dir, err := os.UserCacheDir()
	if err != nil {
		return nil, err
	}
	return &Cache{Dir: filepath.Join(dir, "acr"), Version: version}, nil
}

// fileStat is what a walk learns of a file without reading it.
type fileStat struct {
	Size, ModNs, Ino, CtimeNs int64
}

func statOf(st fs.FileInfo) fileStat {
	s := fileStat{Size: st.Size(), ModNs: st.ModTime().UnixNano()}
	if sys, ok := st.Sys().(*syscall.Stat_t); ok {
		s.Ino = int64(sys.Ino)
		s.CtimeNs = sys.Ctim.Sec*1e9 + sys.Ctim.Nsec
	}
	return s
}

// racyWindow: a file modified this recently may change again within the
// file system's timestamp granularity without its stat changing, so its
// stat entry is not trusted (git's "racy clean" rule).
const racyWindow = 2 * time.Second

// fileEntry is what the stat cache remembers of a file whose stat has not
// changed: enough to decide the passes' inputs without reading it.
type fileEntry struct {
	Stat      fileStat
	Kind      pass.Kind
	Hash      string // content hash; empty when no pass wanted the file
	Wants     []string
	Directive bool
	Note      string
}

// statCache is the per-repository table of fileEntries.
type statCache struct {
	Signature string // analyzers' names, kinds and triggers, and the config
	Entries   map[string]fileEntry
}

func (c *Cache) statPath(root string) string {
	sum := sha256.Sum256([]byte(root))
	return filepath.Join(c.Dir, "stat-"+hex.EncodeToString(sum[:12])+".gob")
}

func (c *Cache) loadStat(root, signature string) map[string]fileEntry {
	var sc statCache
	if err := c.readGob(c.statPath(root), &sc); err != nil || sc.Signature != signature {
		return nil
	}
	return sc.Entries
}

func (c *Cache) saveStat(root, signature string, entries map[string]fileEntry) error {
	return c.writeGob(c.statPath(root), &statCache{Signature: signature, Entries: entries})
}

// cachedDiag is a diagnostic with file-relative offsets instead of
// token.Pos values, which only mean something inside one run.
type cachedDiag struct {
	Path       string
	Start, End int
	HasEnd     bool
	Category   string
	Message    string
	URL        string
	Related    []cachedRange
	Fixes      []cachedFix
}

type cachedRange struct {
	Path       string
	Start, End int
	Message    string
}

type cachedFix struct {
	Message string
	Edits   []cachedEdit
}

type cachedEdit struct {
	Path       string
	Start, End int
	New        []byte
}

// passEntry is a cached pass run: its diagnostics and, when the result
// type is gob-encodable, its result.
type passEntry struct {
	Diags    []cachedDiag
	Notes    []Note
	Result   []byte
	Examined []acr.Count
}

// passEntryVersion changes with passEntry's fields, so an entry written
// without a field is never read as one that has it empty.
const passEntryVersion = 2

func (c *Cache) passPath(key string) string {
	return filepath.Join(c.Dir, "pass-"+key+".gob")
}

func (c *Cache) readGob(path string, v any) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	return gob.NewDecoder(bytes.NewReader(data)).Decode(v)
}

func (c *Cache) writeGob(path string, v any) error {
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(v); err != nil {
		return err
	}
	if err := os.MkdirAll(c.Dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(c.Dir, ".tmp-*")
	if err != nil {
		return err
	}
	_, werr := tmp.Write(buf.Bytes())
	if cerr := tmp.Close(); werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Rename(tmp.Name(), path)
	}
	if werr != nil {
		os.Remove(tmp.Name())
	}
	return werr
}

// passKey hashes everything a pass's findings depend on: acr's version,
// the pass and its requirements with their settings, the plan, the pass's
// inputs by content, and every file of the repository by path, kind, size
// and modification time (passes may look up any file, a MOJO's domain file
// or a compose .env).
func (r *run) passKey(a *acr.Analyzer, metas []meta, cands []candidate, repoDigest string) string {
	h := sha256.New()
	fmt.Fprintf(h, "acr %s entry %d\n", r.cache.Version, passEntryVersion)
	for _, x := range acr.Closure([]*acr.Analyzer{a}) {
		fmt.Fprintf(h, "pass %s\n", x.Name)
		x.Flags.VisitAll(func(f *flag.Flag) { fmt.Fprintf(h, "flag %s=%s\n", f.Name, f.Value) })
		for _, i := range r.inputIdx[x] {
			fmt.Fprintf(h, "in %s %s %s\n", cands[i].rel, metas[i].kind, metas[i].hash)
		}
	}
	fmt.Fprintf(h, "plan %+v\nrepo %s\n", *r.cfg.Plan, repoDigest)
	return hex.EncodeToString(h.Sum(nil))
}

func repoDigest(metas []meta, cands []candidate) string {
	h := sha256.New()
	for i, c := range cands {
		fmt.Fprintf(h, "%s %s %d %d %s\n", c.rel, metas[i].kind, c.stat.Size, c.stat.ModNs, metas[i].note)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// analyzersSignature identifies the analyzers and config a stat entry's
// kind and trigger decisions were made with.
func (r *run) analyzersSignature() string {
	h := sha256.New()
	fmt.Fprintf(h, "acr %s entry %d\n", r.cache.Version, passEntryVersion)
	for _, a := range r.all {
		fmt.Fprintf(h, "%s %v %q %q rules=%d\n", a.Name, a.Kinds, a.Triggers, a.KindTriggers, len(a.Rules))
	}
	fmt.Fprintf(h, "kinds %v max %d plan %+v\n", r.cfg.Kinds, r.cfg.MaxFileSize, *r.cfg.Plan)
	return hex.EncodeToString(h.Sum(nil))
}

func contentHash(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:16])
}

// toCached converts the diagnostics of a run to their cached form.
func toCached(fset *token.FileSet, repo *pass.Repo, diags []acr.Diagnostic) ([]cachedDiag, error) {
	rng := func(p, e token.Pos) (string, int, int, bool) {
		f, pp := resolvePos(fset, repo, p)
		if f == nil {
			return "", 0, 0, false
		}
		end := pp.Offset
		if e.IsValid() {
			end = f.Offset(e)
		}
		return f.Path, pp.Offset, end, true
	}
	var out []cachedDiag
	for _, d := range diags {
		cd := cachedDiag{Category: d.Category, Message: d.Message, URL: d.URL, HasEnd: d.End.IsValid()}
		if d.Pos.IsValid() {
			path, s, e, ok := rng(d.Pos, d.End)
			if !ok {
				return nil, errors.New("diagnostic outside the repository")
			}
			cd.Path, cd.Start, cd.End = path, s, e
		}
		for _, rel := range d.Related {
			if path, s, e, ok := rng(rel.Pos, rel.End); ok {
				cd.Related = append(cd.Related, cachedRange{path, s, e, rel.Message})
			}
		}
		for _, fix := range d.SuggestedFixes {
			cf := cachedFix{Message: fix.Message}
			for _, te := range fix.TextEdits {
				path, s, e, ok := rng(te.Pos, te.End)
				if !ok {
					return nil, errors.New("fix outside the repository")
				}
				cf.Edits = append(cf.Edits, cachedEdit{path, s, e, te.NewText})
			}
			cd.Fixes = append(cd.Fixes, cf)
		}
		out = append(out, cd)
	}
	return out, nil
}

// fromCached turns cached diagnostics back into diagnostics of this run;
// every file they name has its content loaded.
func fromCached(repo *pass.Repo, cds []cachedDiag) []acr.Diagnostic {
	pos := func(path string, off int) token.Pos {
		if f := repo.Lookup(path); f != nil {
			return f.Pos(off)
		}
		return token.NoPos
	}
	var out []acr.Diagnostic
	for _, cd := range cds {
		d := acr.Diagnostic{Category: cd.Category, Message: cd.Message, URL: cd.URL}
		if cd.Path != "" {
			d.Pos = pos(cd.Path, cd.Start)
			if cd.HasEnd {
				d.End = pos(cd.Path, cd.End)
			}
		}
		for _, rel := range cd.Related {
			d.Related = append(d.Related, acr.RelatedInformation{Pos: pos(rel.Path, rel.Start), End: pos(rel.Path, rel.End), Message: rel.Message})
		}
		for _, cf := range cd.Fixes {
			fix := acr.SuggestedFix{Message: cf.Message}
			for _, e := range cf.Edits {
				fix.TextEdits = append(fix.TextEdits, acr.TextEdit{Pos: pos(e.Path, e.Start), End: pos(e.Path, e.End), NewText: e.New})
			}
			d.SuggestedFixes = append(d.SuggestedFixes, fix)
		}
		out = append(out, d)
	}
	return out
}

// cachedPaths lists the files cached diagnostics point into.
func cachedPaths(cds []cachedDiag) []string {
	seen := map[string]bool{}
	for _, cd := range cds {
		seen[cd.Path] = true
		for _, r := range cd.Related {
			seen[r.Path] = true
		}
		for _, f := range cd.Fixes {
			for _, e := range f.Edits {
				seen[e.Path] = true
			}
		}
	}
	delete(seen, "")
	var out []string
	for p := range seen {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// encodeResult encodes a pass result for the cache. Results are cached
// only when their type says how (encoding.BinaryMarshaler), because pass
// results are often graphs that no generic encoder should walk; a result
// that cannot be encoded is left out, and a cache hit then has none.
func encodeResult(a *acr.Analyzer, v any) []byte {
	if m, ok := v.(encoding.BinaryMarshaler); ok && a.ResultType != nil {
		if data, err := m.MarshalBinary(); err == nil {
			return data
		}
	}
	return nil
}

func decodeResult(a *acr.Analyzer, data []byte) any {
	if a.ResultType == nil || data == nil {
		return nil
	}
	var ptr reflect.Value
	if a.ResultType.Kind() == reflect.Pointer {
		ptr = reflect.New(a.ResultType.Elem())
	} else {
		ptr = reflect.New(a.ResultType)
	}
	u, ok := ptr.Interface().(encoding.BinaryUnmarshaler)
	if !ok || u.UnmarshalBinary(data) != nil {
		return nil
	}
	if a.ResultType.Kind() == reflect.Pointer {
		return ptr.Interface()
	}
	return ptr.Elem().Interface()
}
