package zipsrc

import (
	"archive/zip"
	"bufio"
	"compress/flate"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"math"
	"os"
	"strings"
	"sync"

	"github.com/acrvet/acr/pass"
)

// Sentinel errors, matched with errors.Is against the *Error the front
// returns.
var (
	// ErrCorrupt: the bytes are not a readable zip archive, or an entry's
	// data is truncated or inconsistent with its header.
	ErrCorrupt = errors.New("corrupt zip archive")
	// ErrChecksum: an entry's CRC-32 does not match its data.
	ErrChecksum = errors.New("checksum mismatch")
	// ErrUnsafeName: an entry's name would escape the extraction root.
	ErrUnsafeName = errors.New("unsafe entry name")
	// ErrLimit: the archive or an entry exceeds one of the Limits.
	ErrLimit = errors.New("limit exceeded")
	// ErrTooLarge: an entry is larger than the caller's read budget.
	ErrTooLarge = errors.New("entry larger than read budget")
	// ErrUnsupported: an entry uses a compression method other than
	// store or deflate, or is encrypted.
	ErrUnsupported = errors.New("unsupported zip feature")
)

// Limits bound what the front accepts. The zero value of a field means the
// default.
type Limits struct {
	// MaxEntries is the largest number of entries in the central directory.
	MaxEntries int
	// MaxTotalSize is the largest sum of the entries' declared uncompressed
	// sizes, in bytes.
	MaxTotalSize uint64
	// MaxRatio is the largest ratio of uncompressed to compressed bytes an
	// entry may reach, checked from the header and again while inflating.
	MaxRatio uint64
	// RatioGrace is the number of uncompressed bytes an entry may produce
	// before MaxRatio applies: small runs of zeros legitimately compress far
	// beyond any sane ratio.
	RatioGrace uint64
}

// DefaultLimits are generous for MOJOs (a large GBM holds tens of thousands
// of tree entries and hundreds of megabytes) and refuse classic zip bombs.
var DefaultLimits = Limits{
	MaxEntries:   100_000,
	MaxTotalSize: 4 << 30,
	MaxRatio:     200,
	RatioGrace:   1 << 20,
}

func (l Limits) withDefaults() Limits {
	if l.MaxEntries <= 0 {
		l.MaxEntries = DefaultLimits.MaxEntries
	}
	if l.MaxTotalSize == 0 {
		l.MaxTotalSize = DefaultLimits.MaxTotalSize
	}
	if l.MaxRatio == 0 {
		l.MaxRatio = DefaultLimits.MaxRatio
	}
	if l.RatioGrace == 0 {
		l.RatioGrace = DefaultLimits.RatioGrace
	}
	return l
}

// An Error is a problem with an archive or one of its entries.
type Error struct {
	Path   string // the archive's path (repo-relative when opened with Open)
	Entry  string // the entry's name, if the problem is in one entry
	Err    error  // one of the sentinel errors
	Detail string // what exactly is wrong

	file *pass.File
}

func (e *Error) Error() string {
	if e.Path == "" {
		return e.msg()
	}
	return e.Path + ": " + e.msg()
}

func (e *Error) msg() string {
	var b strings.Builder
	if e.Entry != "" {
		fmt.Fprintf(&b, "zip entry %q: ", e.Entry)
	}
	b.WriteString(e.Err.Error())
	if e.Detail != "" {
		b.WriteString(": ")
		b.WriteString(e.Detail)
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// As lets errors.As turn an archive error into the *pass.SyntaxError that
// acr.Pass.ReportSyntaxError reports, when the archive was opened with Open.
func (e *Error) As(target any) bool {
	t, ok := target.(**pass.SyntaxError)
	if !ok || e.file == nil {
		return false
	}
	*t = &pass.SyntaxError{File: e.file, Offset: 0, Msg: e.msg()}
	return true
}

// An Archive is an opened zip artifact.
type Archive struct {
	// Entries lists the entries in central-directory order.
	Entries []*Entry

	path   string
	file   *pass.File
	limits Limits
	src    io.Closer
	byName map[string]*Entry
}

// An Entry is one member of an archive.
type Entry struct {
	Name           string
	Size           uint64 // declared uncompressed size
	CompressedSize uint64
	Dir            bool
	Method         uint16
	CRC32          uint32

	zf *zip.File
}

type memoKey struct{}

// Open opens the zip artifact f with DefaultLimits, once per run: every
// caller gets the same *Archive. Closing it releases the file descriptor;
// later reads reopen the file.
func Open(f *pass.File) (*Archive, error) {
	return pass.Cached(f, memoKey{}, func() (*Archive, error) { return openPath(f.OSPath, f.Path, f, DefaultLimits) })
}

// OpenPath opens a zip file on this machine with DefaultLimits, for use
// outside a run. The caller must Close it.
func OpenPath(osPath string) (*Archive, error) {
	return openPath(osPath, osPath, nil, DefaultLimits)
}

func openPath(osPath, name string, f *pass.File, lim Limits) (*Archive, error) {
	lf := &lazyFile{path: osPath}
	size, err := lf.open()
	if err != nil {
		e := &Error{Path: name, Err: ErrCorrupt, Detail: err.Error(), file: f}
		if f != nil {
			// The file is there but unreadable: not a parse problem, but
			// still the reason the artifact cannot be reviewed.
			e.Path = f.Path
		}
		return nil, e
	}
	a, err := newArchive(lf, size, name, f, lim)
	if err != nil {
		lf.Close()
		return nil, err
	}
	return a, nil
}

// NewReader opens an archive held by r, of the given size, with lim. name
// labels errors. Closing the archive closes r if it is an io.Closer.
func NewReader(r io.ReaderAt, size int64, name string, lim Limits) (*Archive, error) {
	return newArchive(r, size, name, nil, lim)
}

func newArchive(r io.ReaderAt, size int64, name string, f *pass.File, lim Limits) (*Archive, error) {
	lim = lim.withDefaults()
	a := &Archive{path: name, file: f, limits: lim}
	if c, ok := r.(io.Closer); ok {
		a.src = c
	}
	zr, err := zip.NewReader(r, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, a.errorf("", ErrCorrupt, "%s", strings.TrimPrefix(err.Error(), "zip: "))
	}
	if len(zr.File) > lim.MaxEntries {
		return nil, a.errorf("", ErrLimit, "%d entries, more than the limit of %d", len(zr.File), lim.MaxEntries)
	}
	a.Entries = make([]*Entry, 0, len(zr.File))
	a.byName = make(map[string]*Entry, len(zr.File))
	var total uint64
	for _, zf := range zr.File {
		if why := unsafeName(zf.Name); why != "" {
			return nil, a.errorf(zf.Name, ErrUnsafeName, "%s", why)
		}
		total += zf.UncompressedSize64
		if total > lim.MaxTotalSize || total < zf.UncompressedSize64 {
			return nil, a.errorf(zf.Name, ErrLimit, "declared uncompressed total exceeds %d bytes", lim.MaxTotalSize)
		}
		e := &Entry{
			Name: zf.Name, Size: zf.UncompressedSize64, CompressedSize: zf.CompressedSize64,
			Dir: strings.HasSuffix(zf.Name, "/"), Method: zf.Method, CRC32: zf.CRC32, zf: zf,
		}
		a.Entries = append(a.Entries, e)
		if _, dup := a.byName[e.Name]; !dup {
			a.byName[e.Name] = e
		}
	}
	return a, nil
}

func (a *Archive) errorf(entry string, kind error, format string, args ...any) *Error {
	return &Error{Path: a.path, Entry: entry, Err: kind, Detail: fmt.Sprintf(format, args...), file: a.file}
}

// unsafeName says why a name would escape the extraction root, or "".
// Backslashes count as separators: Windows tools write them and Windows
// extractors honor them.
func unsafeName(name string) string {
	if name == "" {
		return "empty name"
	}
	if strings.ContainsRune(name, 0) {
		return "name contains a NUL byte"
	}
	n := strings.ReplaceAll(name, `\`, "/")
	if strings.HasPrefix(n, "/") {
		return "absolute path"
	}
	if len(n) >= 2 && n[1] == ':' && (n[0]|0x20) >= 'a' && (n[0]|0x20) <= 'z' {
		return "path with a drive letter"
	}
	for _, part := range strings.Split(n, "/") {
		if part == ".." {
			return "path escapes the archive root with .."
		}
	}
	return ""
}

// Path returns the name the archive was opened with.
func (a *Archive) Path() string { return a.path }

// Lookup returns the first entry named name, or nil.
func (a *Archive) Lookup(name string) *Entry { return a.byName[name] }

// Close releases the file descriptor. An archive from Open stays usable:
// the next read reopens the file.
func (a *Archive) Close() error {
	if a == nil || a.src == nil {
		return nil
	}
	return a.src.Close()
}

// Read returns the content of e, which must not exceed max bytes. The CRC
// is checked, and the data must match the declared size and stay within the
// archive's compression ratio limit.
func (a *Archive) Read(e *Entry, max int64) ([]byte, error) {
	if max < 0 {
		max = 0
	}
	if e.Size > uint64(max) {
		return nil, a.errorf(e.Name, ErrTooLarge, "%d bytes declared, budget %d", e.Size, max)
	}
	rc, err := a.Open(e)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	limit := max
	if limit < math.MaxInt64 {
		limit++ // one byte more tells "exactly max" from "too long"
	}
	buf, err := io.ReadAll(io.LimitReader(rc, limit))
	if errors.Is(err, ErrChecksum) && int64(len(buf)) <= max {
		// The bytes inflated to their declared size but differ from what
		// was written. Readers that never check CRCs (Java's ZipFile, so
		// h2o-genmodel) use them as they are; so may the caller.
		return buf, err
	}
	if err != nil {
		return nil, err
	}
	if int64(len(buf)) > max {
		return nil, a.errorf(e.Name, ErrTooLarge, "more than %d bytes", max)
	}
	return buf, nil
}

// Open returns a reader of e's content with the same checks as Read: it
// fails with an *Error as soon as the data exceeds its declared size or the
// ratio limit, and at the end if the size falls short or the CRC differs.
func (a *Archive) Open(e *Entry) (io.ReadCloser, error) {
	if e.zf == nil {
		return nil, a.errorf(e.Name, ErrCorrupt, "entry does not belong to an opened archive")
	}
	if e.zf.Flags&0x1 != 0 {
		return nil, a.errorf(e.Name, ErrUnsupported, "encrypted entry")
	}
	if e.CompressedSize > 0 && e.Size > a.limits.RatioGrace && e.Size/e.CompressedSize > a.limits.MaxRatio {
		return nil, a.errorf(e.Name, ErrLimit, "declared compression ratio %d:1 exceeds %d:1", e.Size/e.CompressedSize, a.limits.MaxRatio)
	}
	raw, err := e.zf.OpenRaw()
	if err != nil {
		return nil, a.errorf(e.Name, ErrCorrupt, "%s", strings.TrimPrefix(err.Error(), "zip: "))
	}
	counted := &countingReader{r: bufio.NewReaderSize(raw, 32<<10)}
	er := &entryReader{a: a, e: e, counted: counted, crc: crc32.NewIEEE()}
	switch e.Method {
	case zip.Store:
		er.r = counted
	case zip.Deflate:
		fr := flate.NewReader(counted)
		er.r, er.closer = fr, fr
	default:
		return nil, a.errorf(e.Name, ErrUnsupported, "compression method %d", e.Method)
	}
	return er, nil
}

// countingReader counts the compressed bytes consumed. It is an
// io.ByteReader so flate does not read ahead and the count stays exact.
type countingReader struct {
	r *bufio.Reader
	n uint64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += uint64(n)
	return n, err
}

func (c *countingReader) ReadByte() (byte, error) {
	b, err := c.r.ReadByte()
	if err == nil {
		c.n++
	}
	return b, err
}

type entryReader struct {
	a       *Archive
	e       *Entry
	r       io.Reader
	closer  io.Closer
	counted *countingReader
	crc     hash.Hash32
	out     uint64
	err     error
}

func (r *entryReader) Read(p []byte) (int, error) {
	if r.err != nil {
		return 0, r.err
	}
	n, err := r.r.Read(p)
	r.out += uint64(n)
	r.crc.Write(p[:n])
	lim := r.a.limits
	switch {
	case r.out > r.e.Size:
		r.err = r.a.errorf(r.e.Name, ErrCorrupt, "data longer than the declared %d bytes", r.e.Size)
	case r.out > lim.RatioGrace && r.out/max(r.counted.n, 1) > lim.MaxRatio:
		r.err = r.a.errorf(r.e.Name, ErrLimit, "compression ratio over %d:1 while inflating (%d bytes from %d)", lim.MaxRatio, r.out, r.counted.n)
	case err == io.EOF || (err == nil && r.out == r.e.Size && r.e.Method == zip.Store):
		switch {
		case r.out < r.e.Size:
			r.err = r.a.errorf(r.e.Name, ErrCorrupt, "data ends after %d of the declared %d bytes", r.out, r.e.Size)
		case r.crc.Sum32() != r.e.CRC32:
			r.err = r.a.errorf(r.e.Name, ErrChecksum, "CRC-32 is %08x, header says %08x", r.crc.Sum32(), r.e.CRC32)
		default:
			r.err = io.EOF
		}
		if r.err == io.EOF {
			return n, io.EOF
		}
	case err != nil:
		msg := err.Error()
		if errors.Is(err, io.ErrUnexpectedEOF) {
			msg = "compressed data is truncated"
		} else {
			var ce flate.CorruptInputError
			if errors.As(err, &ce) {
				msg = "invalid deflate data"
			}
		}
		r.err = r.a.errorf(r.e.Name, ErrCorrupt, "%s", msg)
	}
	if r.err != nil {
		if errors.Is(r.err, ErrChecksum) {
			return n, r.err // every byte arrived; only their checksum is wrong
		}
		return 0, r.err
	}
	return n, nil
}

func (r *entryReader) Close() error {
	if r.closer != nil {
		return r.closer.Close()
	}
	return nil
}

// lazyFile is an io.ReaderAt over a path that opens the file on demand, so
// memoized archives of a large repository do not pin a descriptor each.
type lazyFile struct {
	path string
	mu   sync.RWMutex
	f    *os.File
	size int64
}

func (l *lazyFile) open() (int64, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.openLocked()
}

func (l *lazyFile) openLocked() (int64, error) {
	if l.f != nil {
		return l.size, nil
	}
	f, err := os.Open(l.path)
	if err != nil {
		return 0, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return 0, err
	}
	if !st.Mode().IsRegular() {
		f.Close()
		return 0, fmt.Errorf("not a regular file")
	}
	if l.size != 0 && st.Size() != l.size {
		f.Close()
		return 0, fmt.Errorf("file changed size from %d to %d bytes while being read", l.size, st.Size())
	}
	l.f, l.size = f, st.Size()
	return l.size, nil
}

func (l *lazyFile) ReadAt(p []byte, off int64) (int, error) {
	for {
		l.mu.RLock()
		if f := l.f; f != nil {
			n, err := f.ReadAt(p, off)
			l.mu.RUnlock()
			return n, err
		}
		l.mu.RUnlock()
		l.mu.Lock()
		_, err := l.openLocked()
		l.mu.Unlock()
		if err != nil {
			return 0, err
		}
	}
}

func (l *lazyFile) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil {
		return nil
	}
	err := l.f.Close()
	l.f = nil
	return err
}
