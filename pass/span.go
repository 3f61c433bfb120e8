package pass

import "go/token"

// A Span is a byte range [Start, End) of a file of the run: the one type
// for "where in which artifact" that passes and their helpers share (a
// manifest value, a migration statement, a model export call). File is
// nil when the text came from outside the run, such as a Compose extends
// target read from disk; such a span has no position.
type Span struct {
	File       *File
	Start, End int
}

// At returns the place at offset of f, without an end: a finding there
// concerns the file as a whole when offset is 0.
func At(f *File, offset int) Span { return Span{File: f, Start: offset, End: -1} }

// SpanOf returns the span of [start, end) in f.
func SpanOf(f *File, start, end int) Span { return Span{File: f, Start: start, End: end} }

// Valid reports whether the span is in a file of the run.
func (s Span) Valid() bool { return s.File != nil }

// Pos returns the start position, or token.NoPos.
func (s Span) Pos() token.Pos {
	if s.File == nil {
		return token.NoPos
	}
	return s.File.Pos(s.Start)
}

// EndPos returns the end position, or token.NoPos for a span without an
// end (End < Start: a place that stands for the whole file).
func (s Span) EndPos() token.Pos {
	if s.File == nil || s.End < s.Start {
		return token.NoPos
	}
	return s.File.Pos(s.End)
}

// Position returns the start as path:line:col.
func (s Span) Position() Position {
	if s.File == nil {
		return Position{}
	}
	return s.File.Position(s.Start)
}

func (s Span) String() string {
	if s.File == nil {
		return "?"
	}
	return s.Position().String()
}
