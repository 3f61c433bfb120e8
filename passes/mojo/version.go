package mojo

import (
	"strconv"
	"strings"
)

// An H2OVersion is an H2O-3 release number: major.minor.patch.build, as in
// 3.46.0.11; development builds end in 99999.
type H2OVersion []int

// ParseH2OVersion parses a dotted numeric version of two to five parts.
func ParseH2OVersion(s string) (H2OVersion, bool) {
	parts := strings.Split(s, ".")
	if len(parts) < 2 || len(parts) > 5 {
		return nil, false
	}
	v := make(H2OVersion, len(parts))
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || p == "" || p[0] == '+' {
			return nil, false
		}
		v[i] = n
	}
	return v, true
}

// Compare returns -1, 0 or 1; missing trailing parts count as zero.
func (v H2OVersion) Compare(w H2OVersion) int {
	for i := 0; i < max(len(v), len(w)); i++ {
		a, b := 0, 0
		if i < len(v) {
			a = v[i]
		}
		if i < len(w) {
			b = w[i]
		}
		switch {
		case a < b:
			return -1
		case a > b:
			return 1
		}
	}
	return 0
}

func (v H2OVersion) String() string {
	s := make([]string, len(v))
	for i, n := range v {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ".")
}

// FirstGatedRelease is the first H2O-3 open source release line whose
// client and cluster refuse MOJO and POJO export without H2O-3 Enterprise
// (commit 558eca80ea, GH-16910). 3.46.0.11 is the last that exports freely.
var FirstGatedRelease = H2OVersion{3, 46, 0, 12}

// Gated reports whether open source H2O-3 at version v gates MOJO export.
func Gated(v H2OVersion) bool { return v.Compare(FirstGatedRelease) >= 0 }
