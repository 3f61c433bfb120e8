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
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
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
	Note       bool // reported at note severity
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

// cacheMagic starts every cache file; the SHA-256 of the payload follows
// it, then the gob payload. An entry whose checksum does not match (a
// flipped byte, a truncated write, another run's half-written file on a
// file system without atomic rename) is a miss, never decoded.
const cacheMagic = "acr-cache 2\n"

// errCorrupt is the miss a damaged entry gives.
var errCorrupt = errors.New("cache entry fails its checksum")

func (c *Cache) readGob(path string, v any) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	payload, ok := verifyEntry(data)
	if !ok {
		return errCorrupt
	}
	return gob.NewDecoder(bytes.NewReader(payload)).Decode(v)
}

// verifyEntry returns the payload of a cache file whose checksum matches.
func verifyEntry(data []byte) ([]byte, bool) {
	head := len(cacheMagic) + sha256.Size
	if len(data) < head || string(data[:len(cacheMagic)]) != cacheMagic {
		return nil, false
	}
	payload := data[head:]
	sum := sha256.Sum256(payload)
	if !bytes.Equal(sum[:], data[len(cacheMagic):head]) {
		return nil, false
	}
	return payload, true
}

func (c *Cache) writeGob(path string, v any) error {
	var payload bytes.Buffer
	if err := gob.NewEncoder(&payload).Encode(v); err != nil {
		return err
	}
	sum := sha256.Sum256(payload.Bytes())
	buf := make([]byte, 0, len(cacheMagic)+len(sum)+payload.Len())
	buf = append(append(append(buf, cacheMagic...), sum[:]...), payload.Bytes()...)
	if err := os.MkdirAll(c.Dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(c.Dir, ".tmp-*")
	if err != nil {
		return err
	}
	_, werr := tmp.Write(buf)
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

// passKey hashes everything a pass's findings depend on: acr's version
// and build, the pass and its requirements with their settings, the plan
// and the configuration that decides kinds and files, the pass's inputs by
// content, and every file of the repository by path, kind, size and
// modification time (passes may look up any file, a MOJO's domain file or
// a compose .env, even one .gitignore hides). A file-local pass's inputs
// depend on the shard and the paths of the run, so those are in its key
// too; a repository-wide pass always sees the whole repository (see
// Run), whatever the paths, so narrowed and full runs share its entry.
func (r *run) passKey(a *acr.Analyzer, metas []meta, cands []candidate, repoDigest string) string {
	h := sha256.New()
	fmt.Fprintf(h, "acr %s entry %d\n", r.cache.Version, passEntryVersion)
	for _, x := range acr.Closure([]*acr.Analyzer{a}) {
		h.Write(r.passInputs(x, metas, cands))
	}
	if a.FileLocal {
		fmt.Fprintf(h, "shard %d/%d roots %q\n", r.shardIdx, r.shards, r.scopes)
	}
	fmt.Fprintf(h, "%s\nrepo %s\n", r.configDigest(), repoDigest)
	return hex.EncodeToString(h.Sum(nil))
}

// passInputs returns the lines of a pass's key that say what the pass is
// and reads, built once per run: a helper such as pyindex, whose inputs
// are every Python file, is in the key of every pass that requires it.
func (r *run) passInputs(x *acr.Analyzer, metas []meta, cands []candidate) []byte {
	if b, ok := r.keyLines[x]; ok {
		return b
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "pass %s local=%v\n", x.Name, x.FileLocal)
	x.Flags.VisitAll(func(f *flag.Flag) { fmt.Fprintf(&b, "flag %s=%s\n", f.Name, f.Value) })
	for _, i := range r.inputIdx[x] {
		b.WriteString("in ")
		b.WriteString(cands[i].rel)
		b.WriteByte(' ')
		b.WriteString(string(metas[i].kind))
		b.WriteByte(' ')
		b.WriteString(metas[i].hash)
		b.WriteByte('\n')
	}
	if r.keyLines == nil {
		r.keyLines = map[*acr.Analyzer][]byte{}
	}
	r.keyLines[x] = b.Bytes()
	return b.Bytes()
}

// configDigest is the part of the configuration that can change what a
// pass sees: the plan, kind overrides, excludes and the size limit.
// (passes:, disable: and settings: act through the analyzers and their
// flags, which the keys hold.)
func (r *run) configDigest() string {
	pats := make([]string, 0, len(r.cfg.Kinds))
	for p, k := range r.cfg.Kinds {
		pats = append(pats, p+"="+string(k))
	}
	sort.Strings(pats)
	return fmt.Sprintf("plan %+v\nkinds %q\nexclude %q\nmax %d", *r.cfg.Plan, pats, r.cfg.Exclude, r.cfg.MaxFileSize)
}

func repoDigest(metas []meta, cands []candidate, hidden []candidate) string {
	h := sha256.New()
	var b []byte
	for i, c := range cands {
		b = append(b[:0], c.rel...)
		b = append(b, ' ')
		b = append(b, metas[i].kind...)
		b = append(b, ' ')
		b = strconv.AppendInt(b, c.stat.Size, 10)
		b = append(b, ' ')
		b = strconv.AppendInt(b, c.stat.ModNs, 10)
		b = append(b, ' ')
		b = append(b, metas[i].note...)
		b = append(b, '\n')
		h.Write(b)
	}
	for _, c := range hidden {
		b = append(b[:0], "hidden "...)
		b = append(b, c.rel...)
		b = append(b, ' ')
		b = strconv.AppendInt(b, c.stat.Size, 10)
		b = append(b, ' ')
		b = strconv.AppendInt(b, c.stat.ModNs, 10)
		b = append(b, '\n')
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// validFor reports whether a decoded entry can be the findings of a pass
// over this repository: every rule is the pass's, every path a file of
// the run and every offset inside it. The checksum already refuses
// damaged files; this refuses an entry that decodes to something no run
// could have stored (a stale format, a hash collision).
func (e *passEntry) validFor(a *acr.Analyzer, size map[string]int64) bool {
	rules := map[string]bool{}
	for _, x := range acr.Closure([]*acr.Analyzer{a}) {
		for _, rule := range x.Rules {
			rules[rule.ID] = true
		}
	}
	in := func(path string, start, end int) bool {
		n, ok := size[path]
		return ok && start >= 0 && start <= end && int64(end) <= n
	}
	for _, d := range e.Diags {
		if !rules[d.Category] || d.Path != "" && !in(d.Path, d.Start, d.End) {
			return false
		}
		for _, rel := range d.Related {
			if !in(rel.Path, rel.Start, rel.End) {
				return false
			}
		}
		for _, f := range d.Fixes {
			for _, ed := range f.Edits {
				if !in(ed.Path, ed.Start, ed.End) {
					return false
				}
			}
		}
	}
	return true
}

// analyzersSignature identifies the analyzers and config a stat entry's
// kind and trigger decisions were made with.
func (r *run) analyzersSignature() string {
	h := sha256.New()
	fmt.Fprintf(h, "acr %s entry %d\n", r.cache.Version, passEntryVersion)
	for _, a := range r.all {
		fmt.Fprintf(h, "%s %v %q %q rules=%d\n", a.Name, a.Kinds, a.Triggers, a.KindTriggers, len(a.Rules))
	}
	for _, a := range r.requested {
		fmt.Fprintf(h, "requested %s\n", a.Name)
	}
	fmt.Fprintf(h, "%s\n", r.configDigest())
	return hex.EncodeToString(h.Sum(nil))
}

func contentHash(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:16])
}

// toCached converts the diagnostics of a run to their cached form.
func toCached(fset *token.FileSet, repo *pass.Repo, diags []rawDiag) ([]cachedDiag, error) {
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
	for _, raw := range diags {
		d := raw.diag
		cd := cachedDiag{Category: d.Category, Message: d.Message, URL: d.URL, HasEnd: d.End.IsValid(), Note: raw.note}
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

// fromCached turns cached diagnostics of analyzer a back into diagnostics
// of this run; every file they name has its content loaded.
func fromCached(repo *pass.Repo, a *acr.Analyzer, cds []cachedDiag) []rawDiag {
	pos := func(path string, off int) token.Pos {
		if f := repo.Lookup(path); f != nil {
			return f.Pos(off)
		}
		return token.NoPos
	}
	var out []rawDiag
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
		out = append(out, rawDiag{analyzer: a, diag: d, note: cd.Note})
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
