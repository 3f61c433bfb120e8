package multichecker_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/multichecker"
	"github.com/acrvet/acr/pass"
)

// This example runs the checker as a command would: a tool's main is
// multichecker.Main(its analyzers...), and multichecker.Run is the same
// without the exit, for tests and for tools that embed acrvet. Here it
// reviews a small repository with one custom pass and prints what
// acrvet prints: the findings, then the summary line of text mode.
func ExampleRun() {
	rule := &acr.Rule{
		ID: "EX201", Name: "latest-tag", Title: "image uses the latest tag",
		Severity: acr.SeverityWarning, What: "Reports images tagged latest.", Why: "A moving tag is not repeatable.",
	}
	latest := &acr.Analyzer{
		Name: "latesttag", Doc: "report images with the latest tag", Kinds: []pass.Kind{pass.Compose},
		Triggers: []string{":latest"}, Rules: []*acr.Rule{rule},
		Run: func(p *acr.Pass) (any, error) {
			for _, f := range p.Files {
				if i := bytes.Index(f.Content(), []byte(":latest")); i >= 0 {
					p.Reportf(rule, f.Pos(i+1), f.Pos(i+7), "image tag latest is not repeatable: pin a version")
				}
			}
			return nil, nil
		},
	}

	repo, _ := os.MkdirTemp("", "repo")
	defer os.RemoveAll(repo)
	os.WriteFile(filepath.Join(repo, "compose.yaml"), []byte("services:\n  api:\n    image: shop/api:latest\n"), 0o644)
	wd, _ := os.Getwd()
	os.Chdir(repo) // paths print relative to the current directory
	defer os.Chdir(wd)

	code := multichecker.Run("ourvet", []string{"-cache=off", "./..."}, os.Stdout, os.Stdout, latest)
	fmt.Println("exit", code)
	// Output:
	// compose.yaml:3:21: image tag latest is not repeatable: pin a version [EX201]
	// 1 finding in 1 file
	// exit 3
}
