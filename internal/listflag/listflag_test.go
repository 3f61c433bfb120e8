package listflag

import (
	"flag"
	"reflect"
	"testing"
)

func TestSplitSetValue(t *testing.T) {
	if got := Split(" a, ,b ,"); !reflect.DeepEqual(got, []string{"a", "b"}) {
		t.Errorf("Split = %q", got)
	}
	if got := Set("x,y,x"); len(got) != 2 || !got["x"] || !got["y"] {
		t.Errorf("Set = %v", got)
	}
	var seen []string
	v := &Value{Items: []string{"default"}, OnSet: func(items []string) { seen = items }}
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	fs.Var(v, "list", "")
	if err := fs.Parse([]string{"-list", "p, q"}); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(v.Items, []string{"p", "q"}) || !reflect.DeepEqual(seen, v.Items) || v.String() != "p,q" {
		t.Errorf("Value = %q (seen %q)", v.Items, seen)
	}
}
