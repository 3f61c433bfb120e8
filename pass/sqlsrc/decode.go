package sqlsrc

import (
	"errors"
	"unicode/utf8"

	pg "github.com/pganalyze/pg_query_go/v5"
	pgparser "github.com/pganalyze/pg_query_go/v5/parser"
	"google.golang.org/protobuf/encoding/protowire"
)

// parseTree is pg.Parse with the tree decoded by decode_gen.go's
// generated decoder, which builds the same structs as proto.Unmarshal (a
// test and a fuzz target compare them) in a fraction of the time.
func parseTree(text string) (*pg.ParseResult, error) {
	buf, err := pgparser.ParseToProtobuf(text)
	if err != nil {
		return nil, err
	}
	tree := &pg.ParseResult{}
	if err := decodeParseResult(buf, tree, protowire.DefaultRecursionLimit); err != nil {
		return nil, err
	}
	return tree, nil
}

// The decoder's errors say what protobuf-go's would.
var (
	errCorrupt = errors.New("truncated or malformed protobuf")
	errTooDeep = errors.New("exceeded maximum recursion depth")
	errUTF8    = errors.New("string field contains invalid UTF-8")
)

// Wire types as they appear in the low bits of a tag, for the generated
// switch over tags.
const (
	wireVarint  = uint64(protowire.VarintType)
	wireFixed64 = uint64(protowire.Fixed64Type)
	wireBytes   = uint64(protowire.BytesType)
)

// A wireField is one field read off the wire: its tag (number<<3 | wire
// type), and its value, a number for varint and fixed64 fields or the
// bytes of a length-delimited one.
type wireField struct {
	tag    uint64
	number uint64
	bytes  []byte
}

// nextField reads one field and returns the rest of b. Values of other
// wire types (groups, fixed32) are skipped; their tag matches no case.
func nextField(b []byte) ([]byte, wireField, error) {
	var f wireField
	tag, n := protowire.ConsumeVarint(b)
	if n < 0 {
		return nil, f, errCorrupt
	}
	num, typ := protowire.DecodeTag(tag)
	if num < protowire.MinValidNumber || num > protowire.MaxValidNumber {
		return nil, f, errCorrupt
	}
	b = b[n:]
	f.tag = tag
	switch typ {
	case protowire.VarintType:
		f.number, n = protowire.ConsumeVarint(b)
	case protowire.Fixed64Type:
		f.number, n = protowire.ConsumeFixed64(b)
	case protowire.BytesType:
		f.bytes, n = protowire.ConsumeBytes(b)
	default:
		n = protowire.ConsumeFieldValue(num, typ, b)
	}
	if n < 0 {
		return nil, f, errCorrupt
	}
	return b[n:], f, nil
}

// mergeMessage decodes v into m, allocating m first if it is nil: a
// message field met twice is merged, as protobuf-go does.
//
// It and appendMessage are not inlined: inlined into the decoders'
// switches, their temporaries made decodeNode's frame 2 KB, and the
// recursion of such frames spent a third of the decoding time growing
// goroutine stacks.
//
//go:noinline
func mergeMessage[T any](m *T, v []byte, decode func([]byte, *T, int) error, depth int) (*T, error) {
	if m == nil {
		m = new(T)
	}
	return m, decode(v, m, depth)
}

//go:noinline
func appendMessage[T any](list []*T, v []byte, decode func([]byte, *T, int) error, depth int) ([]*T, error) {
	m := new(T)
	if err := decode(v, m, depth); err != nil {
		return list, err
	}
	return append(list, m), nil
}

func appendPacked(list []uint64, v []byte) ([]uint64, error) {
	for len(v) > 0 {
		x, n := protowire.ConsumeVarint(v)
		if n < 0 {
			return list, errCorrupt
		}
		list, v = append(list, x), v[n:]
	}
	return list, nil
}

func utf8String(v []byte) (string, error) {
	if !utf8.Valid(v) {
		return "", errUTF8
	}
	return string(v), nil
}
