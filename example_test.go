package acr_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/checker"
	"github.com/acrvet/acr/pass"
)

// This example writes a tiny custom pass, which reports Compose services
// that use a "latest" image tag, and runs it over a repository.
func Example() {
	latestTag := &acr.Rule{
		ID: "EX001", Name: "latest-tag", Title: "image uses the latest tag",
		Severity: acr.SeverityWarning, View: acr.Physical, Since: "v0.1.0",
		What: "Reports images tagged latest.", Why: "A moving tag makes deployments unrepeatable.",
	}
	analyzer := &acr.Analyzer{
		Name:     "latesttag",
		Doc:      "report images with the latest tag",
		Kinds:    []pass.Kind{pass.Compose},
		Triggers: []string{":latest"}, // files without it are never read by the pass
		Rules:    []*acr.Rule{latestTag},
		Run: func(p *acr.Pass) (any, error) {
			for _, f := range p.Files {
				if i := bytes.Index(f.Content(), []byte(":latest")); i >= 0 {
					p.Reportf(latestTag, f.Pos(i), f.Pos(i+len(":latest")), "image tag latest is not repeatable: pin a version")
				}
			}
			return nil, nil
		},
	}

	root, _ := os.MkdirTemp("", "acr-example")
	defer os.RemoveAll(root)
	os.WriteFile(filepath.Join(root, "compose.yaml"), []byte("services:\n  api:\n    image: shop/api:latest\n"), 0o644)

	res, err := checker.Run([]string{root}, []*acr.Analyzer{analyzer}, checker.Options{Root: root})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range res.Findings {
		fmt.Printf("%s: %s [%s]\n", f.Posn, f.Diagnostic.Message, f.Rule.ID)
	}
	// Output:
	// compose.yaml:3:20: image tag latest is not repeatable: pin a version [EX001]
}
