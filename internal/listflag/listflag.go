// Package listflag reads the comma-separated list settings of the passes
// (-asyncradar.sync-drivers, -memory.jvm-images, -schemadrift.time-columns
// ...), one way for all of them.
package listflag

import "strings"

// Split returns the trimmed, non-empty items of a comma-separated list.
func Split(csv string) []string {
	var out []string
	for _, s := range strings.Split(csv, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// Set returns the items of a comma-separated list as a set.
func Set(csv string) map[string]bool {
	out := map[string]bool{}
	for _, s := range Split(csv) {
		out[s] = true
	}
	return out
}

// Value is a list setting as a flag.Value: setting it replaces the items,
// and OnSet, when set, sees the new items.
type Value struct {
	Items []string
	OnSet func([]string)
}

func (v *Value) String() string {
	if v == nil {
		return ""
	}
	return strings.Join(v.Items, ",")
}

// Set replaces the items with those of a comma-separated list.
func (v *Value) Set(csv string) error {
	v.Items = Split(csv)
	if v.OnSet != nil {
		v.OnSet(v.Items)
	}
	return nil
}
