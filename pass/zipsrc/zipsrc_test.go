package zipsrc

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"go/token"
	"hash/crc32"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acrvet/acr/pass"
)

type member struct {
	name   string
	data   []byte
	store  bool
	raw    bool // write data as is with the header fields below
	size   uint64
	csize  uint64
	crc    uint32
	method uint16
}

func build(t testing.TB, members ...member) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for _, m := range members {
		if m.raw {
			fw, err := w.CreateRaw(&zip.FileHeader{Name: m.name, Method: m.method, CRC32: m.crc,
				UncompressedSize64: m.size, CompressedSize64: m.csize})
			require.NoError(t, err)
			_, err = fw.Write(m.data)
			require.NoError(t, err)
			continue
		}
		method := zip.Deflate
		if m.store {
			method = zip.Store
		}
		fw, err := w.CreateHeader(&zip.FileHeader{Name: m.name, Method: method})
		require.NoError(t, err)
		_, err = fw.Write(m.data)
		require.NoError(t, err)
	}
	require.NoError(t, w.Close())
	return buf.Bytes()
}

func deflate(t testing.TB, data []byte) []byte {
	var buf bytes.Buffer
	fw, err := flate.NewWriter(&buf, flate.BestCompression)
	require.NoError(t, err)
	_, err = fw.Write(data)
	require.NoError(t, err)
	require.NoError(t, fw.Close())
	return buf.Bytes()
}

func open(t testing.TB, b []byte, lim Limits) (*Archive, error) {
	return NewReader(bytes.NewReader(b), int64(len(b)), "model.zip", lim)
}

func TestReadEntries(t *testing.T) {
	b := build(t,
		member{name: "model.ini", data: []byte("[info]\nh2o_version = 3.46.0.1\n")},
		member{name: "domains/", data: nil, store: true},
		member{name: "domains/d000.txt", data: []byte("a\nb\n"), store: true},
	)
	a, err := open(t, b, Limits{})
	require.NoError(t, err)
	require.Len(t, a.Entries, 3)
	assert.True(t, a.Lookup("domains/").Dir)
	assert.Nil(t, a.Lookup("missing"))

	ini := a.Lookup("model.ini")
	require.NotNil(t, ini)
	assert.Equal(t, uint64(30), ini.Size)
	got, err := a.Read(ini, 1<<20)
	require.NoError(t, err)
	assert.Equal(t, "[info]\nh2o_version = 3.46.0.1\n", string(got))

	got, err = a.Read(a.Lookup("domains/d000.txt"), 4)
	require.NoError(t, err, "a budget equal to the size is enough")
	assert.Equal(t, "a\nb\n", string(got))

	_, err = a.Read(ini, 10)
	assert.ErrorIs(t, err, ErrTooLarge)
	assert.Contains(t, err.Error(), `zip entry "model.ini"`)
}

func TestUnsafeNames(t *testing.T) {
	for name, want := range map[string]string{
		"../evil.sh":       "escapes the archive root",
		"a/../../etc/x":    "escapes the archive root",
		`..\windows.dll`:   "escapes the archive root",
		"/etc/passwd":      "absolute path",
		`\\server\share`:   "absolute path",
		"C:/Windows/x.dll": "drive letter",
		`d:evil`:           "drive letter",
	} {
		t.Run(name, func(t *testing.T) {
			b := build(t, member{name: "ok.txt", data: []byte("x")}, member{name: name, data: []byte("x")})
			_, err := open(t, b, Limits{})
			require.ErrorIs(t, err, ErrUnsafeName)
			var ze *Error
			require.ErrorAs(t, err, &ze)
			assert.Equal(t, name, ze.Entry)
			assert.Contains(t, err.Error(), want)
		})
	}
	// A name that merely contains dots is fine.
	b := build(t, member{name: "a..b/..c", data: []byte("x")})
	_, err := open(t, b, Limits{})
	assert.NoError(t, err)
}

func TestLimits(t *testing.T) {
	t.Run("entries", func(t *testing.T) {
		b := build(t, member{name: "a", data: nil}, member{name: "b", data: nil}, member{name: "c", data: nil})
		_, err := open(t, b, Limits{MaxEntries: 2})
		require.ErrorIs(t, err, ErrLimit)
		assert.Contains(t, err.Error(), "3 entries")
	})
	t.Run("declared total", func(t *testing.T) {
		b := build(t, member{name: "a", data: make([]byte, 600)}, member{name: "b", data: make([]byte, 600)})
		_, err := open(t, b, Limits{MaxTotalSize: 1000})
		require.ErrorIs(t, err, ErrLimit)
		assert.Contains(t, err.Error(), `"b"`)
	})
	t.Run("declared ratio", func(t *testing.T) {
		zeros := make([]byte, 4<<20)
		b := build(t, member{name: "bomb", data: zeros})
		a, err := open(t, b, Limits{})
		require.NoError(t, err, "the archive opens; the entry is refused")
		_, err = a.Read(a.Lookup("bomb"), 1<<30)
		require.ErrorIs(t, err, ErrLimit)
		assert.Contains(t, err.Error(), "declared compression ratio")
	})
	t.Run("ratio while inflating", func(t *testing.T) {
		// The header claims a modest ratio by lying about the compressed
		// size being large; only the bytes actually consumed reveal the bomb.
		zeros := make([]byte, 4<<20)
		comp := deflate(t, zeros)
		padded := append(append([]byte{}, comp...), make([]byte, 1<<20)...)
		b := build(t, member{name: "bomb", raw: true, method: zip.Deflate, data: padded,
			size: uint64(len(zeros)), csize: uint64(len(padded)), crc: crc32.ChecksumIEEE(zeros)})
		a, err := open(t, b, Limits{})
		require.NoError(t, err)
		_, err = a.Read(a.Lookup("bomb"), 1<<30)
		require.ErrorIs(t, err, ErrLimit)
		assert.Contains(t, err.Error(), "while inflating")
	})
	t.Run("longer than declared", func(t *testing.T) {
		data := bytes.Repeat([]byte("abcdefgh"), 1000)
		comp := deflate(t, data)
		b := build(t, member{name: "liar", raw: true, method: zip.Deflate, data: comp,
			size: 100, csize: uint64(len(comp)), crc: crc32.ChecksumIEEE(data)})
		a, err := open(t, b, Limits{})
		require.NoError(t, err)
		_, err = a.Read(a.Lookup("liar"), 1<<20)
		require.ErrorIs(t, err, ErrCorrupt)
		assert.Contains(t, err.Error(), "longer than the declared 100 bytes")
	})
}

func TestCorruption(t *testing.T) {
	data := []byte(strings.Repeat("tree bytes ", 100))
	t.Run("crc", func(t *testing.T) {
		b := build(t, member{name: "trees/t00_000.bin", raw: true, method: zip.Store, data: data,
			size: uint64(len(data)), csize: uint64(len(data)), crc: crc32.ChecksumIEEE(data) ^ 1})
		a, err := open(t, b, Limits{})
		require.NoError(t, err)
		_, err = a.Read(a.Entries[0], 1<<20)
		require.ErrorIs(t, err, ErrChecksum)
		assert.Contains(t, err.Error(), `zip entry "trees/t00_000.bin"`)
	})
	t.Run("short data", func(t *testing.T) {
		comp := deflate(t, data)
		b := build(t, member{name: "x", raw: true, method: zip.Deflate, data: comp,
			size: uint64(len(data)) + 10, csize: uint64(len(comp)), crc: crc32.ChecksumIEEE(data)})
		a, err := open(t, b, Limits{})
		require.NoError(t, err)
		_, err = a.Read(a.Entries[0], 1<<20)
		require.ErrorIs(t, err, ErrCorrupt)
		assert.Contains(t, err.Error(), "data ends after")
	})
	t.Run("invalid deflate", func(t *testing.T) {
		junk := bytes.Repeat([]byte{0xff}, 64)
		b := build(t, member{name: "x", raw: true, method: zip.Deflate, data: junk,
			size: 100, csize: uint64(len(junk))})
		a, err := open(t, b, Limits{})
		require.NoError(t, err)
		_, err = a.Read(a.Entries[0], 1<<20)
		require.ErrorIs(t, err, ErrCorrupt)
	})
	t.Run("unsupported method", func(t *testing.T) {
		b := build(t, member{name: "x", raw: true, method: 12, data: []byte("BZh9"), size: 4, csize: 4})
		a, err := open(t, b, Limits{})
		require.NoError(t, err)
		_, err = a.Read(a.Entries[0], 1<<20)
		require.ErrorIs(t, err, ErrUnsupported)
	})
	t.Run("truncated archive", func(t *testing.T) {
		b := build(t, member{name: "model.ini", data: data})
		for _, n := range []int{0, 4, 30, len(b) / 2, len(b) - 1} {
			_, err := open(t, b[:n], Limits{})
			require.ErrorIs(t, err, ErrCorrupt, "cut at %d", n)
			assert.Contains(t, err.Error(), "model.zip: ")
		}
	})
	t.Run("not a zip", func(t *testing.T) {
		_, err := open(t, []byte("public class Model { }\n"), Limits{})
		require.ErrorIs(t, err, ErrCorrupt)
		assert.Contains(t, err.Error(), "not a valid zip file")
	})
}

func TestOpenMemoAndSyntaxError(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.zip")
	require.NoError(t, os.WriteFile(good, build(t, member{name: "model.ini", data: []byte("[info]\n")}), 0o644))
	bad := filepath.Join(dir, "bad.zip")
	require.NoError(t, os.WriteFile(bad, build(t, member{name: "../x", data: []byte("x")}), 0o644))

	fset := token.NewFileSet()
	gf := pass.NewFile(fset, "models/good.zip", good, pass.Zip, nil, 0)
	a1, err := Open(gf)
	require.NoError(t, err)
	a2, err := Open(gf)
	require.NoError(t, err)
	assert.Same(t, a1, a2, "parsed once per file")

	// Close releases the descriptor; the shared archive still reads.
	require.NoError(t, a1.Close())
	got, err := a2.Read(a2.Lookup("model.ini"), 100)
	require.NoError(t, err)
	assert.Equal(t, "[info]\n", string(got))
	require.NoError(t, a2.Close())

	bf := pass.NewFile(fset, "models/bad.zip", bad, pass.Zip, nil, 0)
	_, err = Open(bf)
	require.ErrorIs(t, err, ErrUnsafeName)
	var se *pass.SyntaxError
	require.True(t, errors.As(err, &se))
	assert.Same(t, bf, se.File)
	assert.Equal(t, "models/bad.zip:1:1: zip entry \"../x\": unsafe entry name: path escapes the archive root with ..", se.Error())

	mf := pass.NewFile(fset, "models/missing.zip", filepath.Join(dir, "missing.zip"), pass.Zip, nil, 0)
	_, err = Open(mf)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "models/missing.zip")
}

func TestOpenPath(t *testing.T) {
	p := filepath.Join(t.TempDir(), "m.zip")
	require.NoError(t, os.WriteFile(p, build(t, member{name: "a", data: []byte("hello")}), 0o644))
	a, err := OpenPath(p)
	require.NoError(t, err)
	defer a.Close()
	got, err := a.Read(a.Lookup("a"), 5)
	require.NoError(t, err)
	assert.Equal(t, "hello", string(got))

	_, err = OpenPath(t.TempDir())
	require.ErrorIs(t, err, ErrCorrupt, "a directory is not an archive")
}

func FuzzArchive(f *testing.F) {
	f.Add(build(f, member{name: "model.ini", data: []byte("[info]\nalgo = gbm\n")}, member{name: "trees/", store: true}))
	f.Add(build(f, member{name: "a", data: bytes.Repeat([]byte{0}, 5000)}, member{name: "b", data: []byte("x"), store: true}))
	f.Add(build(f, member{name: "../x", data: []byte("x")}))
	f.Add([]byte("PK\x05\x06" + strings.Repeat("\x00", 18)))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		a, err := NewReader(bytes.NewReader(b), int64(len(b)), "fuzz.zip", Limits{MaxEntries: 1000, MaxTotalSize: 1 << 24})
		if err != nil {
			var ze *Error
			if !errors.As(err, &ze) {
				t.Fatalf("error is not an *Error: %v", err)
			}
			return
		}
		for _, e := range a.Entries {
			got, err := a.Read(e, 1<<20)
			var ze *Error
			if err != nil && !errors.As(err, &ze) {
				t.Fatalf("entry %q: error is not an *Error: %v", e.Name, err)
			}
			if err == nil && uint64(len(got)) != e.Size {
				t.Fatalf("entry %q: read %d bytes, declared %d", e.Name, len(got), e.Size)
			}
		}
	})
}
