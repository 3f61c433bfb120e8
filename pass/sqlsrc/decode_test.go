package sqlsrc

import (
	"os"
	"strings"
	"testing"

	pg "github.com/pganalyze/pg_query_go/v5"
	pgparser "github.com/pganalyze/pg_query_go/v5/parser"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
)

// decodeBoth decodes buf with the generated decoder and with protobuf-go
// (unknown fields discarded: the generated decoder skips them).
func decodeBoth(buf []byte) (got, want *pg.ParseResult, gotErr, wantErr error) {
	got, want = &pg.ParseResult{}, &pg.ParseResult{}
	gotErr = decodeParseResult(buf, got, protowire.DefaultRecursionLimit)
	wantErr = proto.UnmarshalOptions{DiscardUnknown: true}.Unmarshal(buf, want)
	return got, want, gotErr, wantErr
}

// TestDecoderMatchesProtobuf decodes the parse tree of every SQL file in
// the module's test data and examples both ways, then every truncation
// of one of them, which must fail in both or in neither.
func TestDecoderMatchesProtobuf(t *testing.T) {
	files := moduleSQLFiles(t)
	var sample []byte
	for _, path := range files {
		src, err := os.ReadFile(path)
		require.NoError(t, err)
		clean, _ := sanitize(src)
		buf, err := pgparser.ParseToProtobuf(string(clean))
		if err != nil {
			continue
		}
		got, want, gotErr, wantErr := decodeBoth(buf)
		require.NoError(t, wantErr, path)
		require.NoError(t, gotErr, path)
		require.True(t, proto.Equal(want, got), "%s: the decoders disagree", path)
		if len(buf) > len(sample) && len(buf) < 4096 {
			sample = buf
		}
	}
	require.NotEmpty(t, sample)
	for i := range sample {
		_, _, gotErr, wantErr := decodeBoth(sample[:i])
		assert.Equal(t, wantErr != nil, gotErr != nil, "truncated at %d: protobuf-go %v, generated %v", i, wantErr, gotErr)
	}
}

func TestDecoderDepthLimit(t *testing.T) {
	// Each NOT nests a Node and a BoolExpr: 12000 messages deep.
	buf, err := pgparser.ParseToProtobuf("SELECT " + strings.Repeat("NOT ", 6000) + "true")
	require.NoError(t, err)
	_, _, gotErr, wantErr := decodeBoth(buf)
	require.Error(t, wantErr)
	assert.ErrorIs(t, gotErr, errTooDeep)
}

func FuzzDecode(f *testing.F) {
	for _, sql := range []string{"SELECT 1", "CREATE TABLE t (a int DEFAULT 1.5, b text[] NOT NULL)", "SELECT E'\\n'::text, $1, true, 1.5e3, B'101'"} {
		buf, err := pgparser.ParseToProtobuf(sql)
		require.NoError(f, err)
		f.Add(buf)
	}
	f.Fuzz(func(t *testing.T, buf []byte) {
		got, want, gotErr, wantErr := decodeBoth(buf)
		if (gotErr != nil) != (wantErr != nil) {
			t.Fatalf("protobuf-go: %v, generated: %v", wantErr, gotErr)
		}
		if gotErr == nil && !proto.Equal(want, got) {
			t.Fatalf("the decoders disagree:\n%v\n%v", want, got)
		}
	})
}
