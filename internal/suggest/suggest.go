// Package suggest finds the allowed name nearest to a misspelled one, for
// the "did you mean" of config and command-line errors.
package suggest

import (
	"fmt"
	"strings"
)

// Nearest returns the allowed name nearest to name (case-insensitive edit
// distance), or "" when none is near: at most max(2, len(name)/3) edits.
// Ties go to the name that sorts first.
func Nearest(name string, allowed []string) string {
	best, bestD := "", 0
	for _, a := range allowed {
		d := Distance(strings.ToLower(name), strings.ToLower(a))
		if best == "" || d < bestD || d == bestD && a < best {
			best, bestD = a, d
		}
	}
	if best == "" || bestD > max(2, len(name)/3) {
		return ""
	}
	return best
}

// DidYouMean returns `: did you mean "X"?` for the nearest allowed name,
// or "".
func DidYouMean(name string, allowed []string) string {
	if n := Nearest(name, allowed); n != "" {
		return fmt.Sprintf(": did you mean %q?", n)
	}
	return ""
}

// Distance is the Levenshtein distance of two strings, by byte.
func Distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
