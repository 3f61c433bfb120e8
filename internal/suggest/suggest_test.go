package suggest

import "testing"

func TestNearest(t *testing.T) {
	for _, c := range []struct{ name, want string }{
		{"asyncrader", "asyncradar"},
		{"servce", "service"},
		{"MOJO", ""},
		{"xyzzy", ""},
		{"Heap_Ratio", "heap_ratio"},
	} {
		if got := Nearest(c.name, []string{"asyncradar", "service", "heap_ratio", "mojo701"}); got != c.want {
			t.Errorf("Nearest(%q) = %q, want %q", c.name, got, c.want)
		}
	}
	if d := Distance("kitten", "sitting"); d != 3 {
		t.Errorf("Distance = %d, want 3", d)
	}
}
