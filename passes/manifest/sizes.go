package manifest

import (
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
)

// Byte sizes are written in a different grammar by each tool; reading one
// with another's rules is how "8G" becomes 8 GiB instead of 8 GB, or
// "8000m" becomes 8 bytes.

const (
	kib = 1 << 10
	mib = 1 << 20
	gib = 1 << 30
	tib = 1 << 40
)

// ParseComposeBytes reads a Compose byte value (mem_limit,
// deploy.resources.limits.memory): an integer or decimal amount with an
// optional unit b, k, m, g, t, p, optionally followed by b or ib, all
// 1024-based, as docker's RAMInBytes reads them; no unit means bytes.
func ParseComposeBytes(s string) (int64, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return 0, fmt.Errorf("empty size")
	}
	i := 0
	for i < len(t) && (t[i] >= '0' && t[i] <= '9' || t[i] == '.') {
		i++
	}
	num, unit := t[:i], strings.ToLower(strings.TrimSpace(t[i:]))
	if num == "" {
		return 0, fmt.Errorf("%q is not a size: expected a number and an optional unit b, k, m or g", s)
	}
	f, err := strconv.ParseFloat(num, 64)
	if err != nil {
		return 0, fmt.Errorf("%q is not a size: %s is not a number", s, num)
	}
	unit = strings.TrimSuffix(strings.TrimSuffix(unit, "b"), "i")
	mult := float64(1)
	switch unit {
	case "":
	case "k":
		mult = kib
	case "m":
		mult = mib
	case "g":
		mult = gib
	case "t":
		mult = tib
	case "p":
		mult = tib * kib
	default:
		return 0, fmt.Errorf("%q is not a size: unknown unit %q (Compose accepts b, k, m, g)", s, t[i:])
	}
	v := f * mult
	if v > math.MaxInt64 {
		return 0, fmt.Errorf("%q is too large", s)
	}
	return int64(v), nil
}

// kubeSuffixes maps each Kubernetes quantity suffix to its multiplier as
// a rational: binary (Ki ... Ei), decimal (k ... E) and the milli and
// smaller suffixes that make sense for CPU but hardly for memory.
var kubeSuffixes = map[string]*big.Rat{
	"Ki": big.NewRat(1<<10, 1), "Mi": big.NewRat(1<<20, 1), "Gi": big.NewRat(1<<30, 1),
	"Ti": big.NewRat(1<<40, 1), "Pi": big.NewRat(1<<50, 1), "Ei": big.NewRat(1<<60, 1),
	"": big.NewRat(1, 1), "k": big.NewRat(1e3, 1), "M": big.NewRat(1e6, 1), "G": big.NewRat(1e9, 1),
	"T": big.NewRat(1e12, 1), "P": big.NewRat(1e15, 1), "E": big.NewRat(1e18, 1),
	"m": big.NewRat(1, 1e3), "u": big.NewRat(1, 1e6), "n": big.NewRat(1, 1e9),
}

// ParseKubeQuantity reads a Kubernetes resource quantity as bytes: a signed
// decimal number, then a binary suffix (Ki, Mi, Gi ...), a decimal suffix
// (k, M, G ... and m for milli), or a decimal exponent (e3, E6). The
// suffix is case-sensitive: "8g" is not a quantity, "8G" is 8×10^9 and
// "8Gi" 8×2^30. Fractions of a byte round up, as the API server does.
func ParseKubeQuantity(s string) (int64, error) {
	t := strings.TrimSpace(s)
	i := 0
	if i < len(t) && (t[i] == '+' || t[i] == '-') {
		i++
	}
	for i < len(t) && (t[i] >= '0' && t[i] <= '9' || t[i] == '.') {
		i++
	}
	num, suffix := t[:i], t[i:]
	if num == "" || num == "+" || num == "-" || num == "." {
		return 0, fmt.Errorf("%q is not a Kubernetes quantity: expected a number and a suffix such as Mi or Gi", s)
	}
	r, ok := new(big.Rat).SetString(num)
	if !ok {
		return 0, fmt.Errorf("%q is not a Kubernetes quantity: %s is not a number", s, num)
	}
	mult, ok := kubeSuffixes[suffix]
	if !ok {
		if len(suffix) > 1 && (suffix[0] == 'e' || suffix[0] == 'E') {
			exp, err := strconv.Atoi(suffix[1:])
			if err != nil || exp > 30 || exp < -30 {
				return 0, fmt.Errorf("%q is not a Kubernetes quantity: bad exponent %s", s, suffix)
			}
			mult = new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(abs(exp))), nil))
			if exp < 0 {
				mult.Inv(mult)
			}
		} else {
			hint := ""
			switch strings.ToLower(suffix) {
			case "k":
				hint = ": write Ki for KiB or k for 10^3 bytes (suffixes are case-sensitive)"
			case "t", "tb":
				hint = ": write Ti for TiB or T for 10^12 bytes (suffixes are case-sensitive)"
			case "g", "gb":
				hint = ": write Gi for GiB or G for 10^9 bytes (suffixes are case-sensitive)"
			case "mb", "kb", "gib", "mib", "kib", "tib":
				hint = ": Kubernetes suffixes are Ki, Mi, Gi or k, M, G"
			}
			return 0, fmt.Errorf("%q is not a Kubernetes quantity: unknown suffix %q%s", s, suffix, hint)
		}
	}
	r.Mul(r, mult)
	if r.Sign() < 0 {
		return 0, fmt.Errorf("%q is negative", s)
	}
	// Round up to a whole byte.
	q := new(big.Int).Quo(r.Num(), r.Denom())
	if new(big.Rat).SetInt(q).Cmp(r) < 0 {
		q.Add(q, big.NewInt(1))
	}
	if !q.IsInt64() {
		return 0, fmt.Errorf("%q is too large", s)
	}
	return q.Int64(), nil
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// ParseJVMSize reads the size of -Xmx, -Xms and -XX:MaxHeapSize=: an
// integer with an optional single k, m, g or t (either case), 1024-based;
// no suffix means bytes.
func ParseJVMSize(s string) (int64, error) {
	if s == "" {
		return 0, fmt.Errorf("missing size")
	}
	num, mult := s, int64(1)
	switch s[len(s)-1] {
	case 'k', 'K':
		mult = kib
	case 'm', 'M':
		mult = mib
	case 'g', 'G':
		mult = gib
	case 't', 'T':
		mult = tib
	}
	if mult != 1 {
		num = s[:len(s)-1]
	}
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("%q is not a JVM size: expected digits and an optional k, m, g or t", s)
	}
	if n > math.MaxInt64/mult {
		return 0, fmt.Errorf("%q is too large", s)
	}
	return n * mult, nil
}

// FormatBytes writes a byte count the short way JVM flags and Compose
// accept, exactly when it is a whole number of a unit and with one decimal
// of GiB otherwise.
func FormatBytes(n int64) string {
	switch {
	case n >= gib && n%gib == 0:
		return strconv.FormatInt(n/gib, 10) + "g"
	case n >= gib:
		return strconv.FormatFloat(float64(n)/gib, 'f', 1, 64) + "g"
	case n >= mib && n%mib == 0:
		return strconv.FormatInt(n/mib, 10) + "m"
	case n >= mib:
		return strconv.FormatFloat(float64(n)/mib, 'f', 1, 64) + "m"
	case n >= kib && n%kib == 0:
		return strconv.FormatInt(n/kib, 10) + "k"
	}
	return strconv.FormatInt(n, 10) + " bytes"
}
