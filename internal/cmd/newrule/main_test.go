package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/acrvet/acr/analysistest"
)

// TestScaffold adds a rule to every pass, in memory: the rule, its doc
// line, a positive and a negative fixture that name its code, and the test
// that runs them. For one pass it compiles the result (go vet with an
// overlay, so the tree is untouched), so the scaffold cannot drift from
// the code it writes into.
func TestScaffold(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", "..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	for pass := range fixtures {
		files, err := Scaffold(root, pass, "ZZZ901", "made-up-rule")
		if err != nil {
			t.Fatalf("%s: %v", pass, err)
		}
		rules := string(files[filepath.Join("passes", pass, "rules.go")])
		for _, want := range []string{"var RuleMadeUpRule = &acr.Rule{", `ID: "ZZZ901"`, "RuleMadeUpRule"} {
			if !strings.Contains(rules, want) {
				t.Errorf("%s: rules.go lacks %q", pass, want)
			}
		}
		if !strings.Contains(string(files[filepath.Join("passes", pass, "doc.go")]), "// ZZZ901 made-up-rule:") {
			t.Errorf("%s: doc.go does not name the rule", pass)
		}
		fx := string(files[filepath.Join("passes", pass, "testdata", "src", "ZZZ901", fixtures[pass].path)])
		if !strings.Contains(fx, `\[ZZZ901\]`) {
			t.Errorf("%s: the positive fixture names no code:\n%s", pass, fx)
		}
		ok := false
		for _, line := range strings.Split(fx, "\n") {
			for _, code := range analysistest.MarkedOK(line) {
				ok = ok || code == "ZZZ901"
			}
		}
		if !ok {
			t.Errorf("%s: the negative fixture has no ok: ZZZ901 marker:\n%s", pass, fx)
		}
		if _, err := Scaffold(root, pass, "ASYNC101", "x"); err == nil && pass == "asyncradar" {
			t.Error("a code the pass declares is refused")
		}
	}
	if _, err := Scaffold(root, "nopass", "ZZZ901", "x"); err == nil {
		t.Error("an unknown pass is refused")
	}
	if _, err := Scaffold(root, "memory", "zz1", "x"); err == nil {
		t.Error("a malformed code is refused")
	}

	if testing.Short() {
		t.Skip("compiling the scaffolded pass")
	}
	files, err := Scaffold(root, "memory", "PHY901", "made-up-rule")
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	overlay := map[string]map[string]string{"Replace": {}}
	for p, data := range files {
		if !strings.HasSuffix(p, ".go") {
			continue
		}
		f := filepath.Join(tmp, strings.ReplaceAll(p, string(filepath.Separator), "_"))
		if err := os.WriteFile(f, data, 0o644); err != nil {
			t.Fatal(err)
		}
		overlay["Replace"][filepath.Join(root, p)] = f
	}
	ov, _ := json.Marshal(overlay)
	ovPath := filepath.Join(tmp, "overlay.json")
	if err := os.WriteFile(ovPath, ov, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "vet", "-overlay", ovPath, "./passes/memory")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("the scaffolded memory pass does not compile: %v\n%s", err, out)
	}
}
