package output

import (
	"bytes"
	"fmt"
	"io"

	"github.com/acrvet/acr/checker"
)

// Diff writes a unified diff of the edits to a file. Hunks are built from
// the edits themselves, each widened to whole lines and merged with
// neighbours whose context overlaps, so no general diff algorithm runs.
func Diff(w io.Writer, path string, content []byte, edits []checker.Edit, context int) {
	if len(edits) == 0 {
		return
	}
	lineStarts := []int{0}
	for i, b := range content {
		if b == '\n' && i+1 < len(content) {
			lineStarts = append(lineStarts, i+1)
		}
	}
	lineOf := func(off int) int { // 0-based line holding off
		lo, hi := 0, len(lineStarts)-1
		for lo < hi {
			mid := (lo + hi + 1) / 2
			if lineStarts[mid] <= off {
				lo = mid
			} else {
				hi = mid - 1
			}
		}
		return lo
	}
	lineEnd := func(l int) int {
		if l+1 < len(lineStarts) {
			return lineStarts[l+1]
		}
		return len(content)
	}
	type hunk struct {
		first, last int // 0-based old lines covered by edits
		edits       []checker.Edit
	}
	var hunks []hunk
	for _, e := range edits {
		first, last := lineOf(e.Start), lineOf(max(e.Start, e.End-1))
		if e.End > e.Start && e.End == lineStarts[min(len(lineStarts)-1, last)] && last > first {
			last--
		}
		if n := len(hunks); n > 0 && first-hunks[n-1].last <= 2*context+1 {
			hunks[n-1].last = max(hunks[n-1].last, last)
			hunks[n-1].edits = append(hunks[n-1].edits, e)
			continue
		}
		hunks = append(hunks, hunk{first, last, []checker.Edit{e}})
	}
	fmt.Fprintf(w, "--- a/%s\n+++ b/%s\n", path, path)
	delta := 0
	for _, h := range hunks {
		from := max(0, h.first-context)
		to := min(len(lineStarts)-1, h.last+context)
		start, end := lineStarts[from], lineEnd(to)
		oldText := content[start:end]
		shifted := make([]checker.Edit, len(h.edits))
		for i, e := range h.edits {
			shifted[i] = checker.Edit{Start: e.Start - start, End: e.End - start, New: e.New}
		}
		newText := checker.Apply(oldText, shifted)
		oldLines, newLines := splitLines(oldText), splitLines(newText)
		fmt.Fprintf(w, "@@ -%d,%d +%d,%d @@\n", from+1, len(oldLines), from+1+delta, len(newLines))
		writeHunkLines(w, oldLines, newLines)
		delta += len(newLines) - len(oldLines)
	}
}

// writeHunkLines writes the lines of a hunk: lines common to both sides
// (a longest common subsequence) as context, the others as removed or
// added, removals of a run before its additions.
func writeHunkLines(w io.Writer, oldLines, newLines [][]byte) {
	// Common prefix and suffix first: the LCS table is then only as big as
	// the part that changed.
	p := 0
	for p < len(oldLines) && p < len(newLines) && bytes.Equal(oldLines[p], newLines[p]) {
		p++
	}
	s := 0
	for s < len(oldLines)-p && s < len(newLines)-p && bytes.Equal(oldLines[len(oldLines)-1-s], newLines[len(newLines)-1-s]) {
		s++
	}
	for _, l := range oldLines[:p] {
		writeLine(w, ' ', l)
	}
	a, b := oldLines[p:len(oldLines)-s], newLines[p:len(newLines)-s]
	if len(a)*len(b) > 1<<22 {
		// Too big to align: all of it changed, which is still a valid diff.
		for _, l := range a {
			writeLine(w, '-', l)
		}
		for _, l := range b {
			writeLine(w, '+', l)
		}
	} else {
		// lcs[i][j] is the length of the longest common subsequence of
		// a[i:] and b[j:].
		lcs := make([][]int, len(a)+1)
		for i := range lcs {
			lcs[i] = make([]int, len(b)+1)
		}
		for i := len(a) - 1; i >= 0; i-- {
			for j := len(b) - 1; j >= 0; j-- {
				if bytes.Equal(a[i], b[j]) {
					lcs[i][j] = lcs[i+1][j+1] + 1
				} else {
					lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
				}
			}
		}
		var added [][]byte
		flush := func() {
			for _, l := range added {
				writeLine(w, '+', l)
			}
			added = added[:0]
		}
		i, j := 0, 0
		for i < len(a) || j < len(b) {
			switch {
			case i < len(a) && j < len(b) && bytes.Equal(a[i], b[j]):
				flush()
				writeLine(w, ' ', a[i])
				i++
				j++
			case j < len(b) && (i == len(a) || lcs[i][j+1] >= lcs[i+1][j]):
				added = append(added, b[j])
				j++
			default:
				writeLine(w, '-', a[i])
				i++
			}
		}
		flush()
	}
	for _, l := range oldLines[len(oldLines)-s:] {
		writeLine(w, ' ', l)
	}
}

func splitLines(b []byte) [][]byte {
	if len(b) == 0 {
		return nil
	}
	lines := bytes.SplitAfter(b, []byte("\n"))
	if len(lines[len(lines)-1]) == 0 {
		lines = lines[:len(lines)-1]
	}
	return lines
}

func writeLine(w io.Writer, mark byte, l []byte) {
	w.Write([]byte{mark})
	w.Write(l)
	if !bytes.HasSuffix(l, []byte("\n")) {
		io.WriteString(w, "\n\\ No newline at end of file\n")
	}
}
