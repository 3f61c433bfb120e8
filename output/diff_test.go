package output_test

import (
	"bytes"
	"fmt"
	"math/rand"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acrvet/acr/checker"
	"github.com/acrvet/acr/output"
)

// applyUnified applies a one-file unified diff to content, checking every
// context and removed line against it, as patch(1) does without fuzz.
func applyUnified(content, diff string) (string, error) {
	lines := strings.SplitAfter(content, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	var out []string
	next := 0 // next old line (0-based) not yet copied
	dl := strings.Split(diff, "\n")
	for i := 0; i < len(dl); i++ {
		l := dl[i]
		if !strings.HasPrefix(l, "@@ ") {
			continue
		}
		var oldStart, oldLen, newStart, newLen int
		if _, err := fmt.Sscanf(l, "@@ -%d,%d +%d,%d @@", &oldStart, &oldLen, &newStart, &newLen); err != nil {
			return "", fmt.Errorf("hunk header %q: %v", l, err)
		}
		for next < oldStart-1 {
			out = append(out, lines[next])
			next++
		}
		seenOld, seenNew := 0, 0
		for i+1 < len(dl) && (seenOld < oldLen || seenNew < newLen) {
			i++
			h := dl[i]
			noEOL := i+1 < len(dl) && dl[i+1] == `\ No newline at end of file`
			text := h[1:]
			if !noEOL {
				text += "\n"
			}
			switch h[0] {
			case ' ', '-':
				if next >= len(lines) || lines[next] != text {
					return "", fmt.Errorf("line %d: want %q, have %q", next+1, text, lines[min(next, len(lines)-1)])
				}
				next++
				seenOld++
				if h[0] == ' ' {
					out = append(out, text)
					seenNew++
				}
			case '+':
				out = append(out, text)
				seenNew++
			default:
				return "", fmt.Errorf("bad hunk line %q", h)
			}
			if noEOL {
				i++
			}
		}
		if seenOld != oldLen || seenNew != newLen {
			return "", fmt.Errorf("hunk %q has %d old and %d new lines", l, seenOld, seenNew)
		}
	}
	out = append(out, lines[next:]...)
	return strings.Join(out, ""), nil
}

// TestDiffAppliesToTheFixedFile checks, over random files and random
// non-overlapping edits, that the -diff output is a patch that turns the
// file into exactly what -fix writes.
func TestDiffAppliesToTheFixedFile(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	words := []string{"alpha\n", "beta\n", "gamma\n", "\n", "delta", "x = 1\n", "TODO\n"}
	for iter := 0; iter < 500; iter++ {
		var src strings.Builder
		for n := rng.Intn(40); n > 0; n-- {
			src.WriteString(words[rng.Intn(len(words))])
		}
		content := []byte(src.String())
		var edits []checker.Edit
		pos := 0
		for pos < len(content) && rng.Intn(4) != 0 {
			start := pos + rng.Intn(len(content)-pos+1)
			end := start + rng.Intn(min(8, len(content)-start)+1)
			edits = append(edits, checker.Edit{Start: start, End: end, New: []byte(words[rng.Intn(len(words))])})
			pos = end + 1
		}
		if len(edits) == 0 {
			continue
		}
		want := string(checker.Apply(content, edits))
		for _, ctx := range []int{0, 1, 3} {
			var buf bytes.Buffer
			output.Diff(&buf, "f.py", content, edits, ctx)
			require.True(t, strings.HasPrefix(buf.String(), "--- a/f.py\n+++ b/f.py\n"))
			got, err := applyUnified(string(content), buf.String())
			require.NoError(t, err, "iteration %d, context %d:\n%s", iter, ctx, buf.String())
			require.Equal(t, want, got, "iteration %d, context %d:\n%s", iter, ctx, buf.String())
		}
	}
}

func TestDiffIsMinimal(t *testing.T) {
	content := []byte("import os\n\ndef f():\n    return old(1)\n")
	edits := []checker.Edit{
		{Start: 0, End: 0, New: []byte("from lib import new\n")},
		{Start: strings.Index(string(content), "old"), End: strings.Index(string(content), "old") + 3, New: []byte("new")},
	}
	var buf bytes.Buffer
	output.Diff(&buf, "f.py", content, edits, 3)
	assert.Equal(t, "--- a/f.py\n+++ b/f.py\n@@ -1,4 +1,5 @@\n+from lib import new\n import os\n \n def f():\n-    return old(1)\n+    return new(1)\n", buf.String(),
		"unchanged lines between two edits are context, not removed and added again")
}
