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

// This example reports a finding with a suggested fix: ReportDiag takes
// the whole Diagnostic (fixes, related positions) and sets its Category
// from the rule. acrvet -fix applies the fix; -fix -diff shows it.
func ExamplePass_ReportDiag() {
	pinRule := &acr.Rule{
		ID: "EX002", Name: "unpinned-h2o", Title: "h2o is not pinned",
		Severity: acr.SeverityWarning, What: "Reports an unpinned h2o requirement.", Why: "The client must match the cluster.",
		FixSafety: "The fix pins the version the plan names.",
	}
	analyzer := &acr.Analyzer{
		Name: "pinh2o", Doc: "pin h2o", Kinds: []pass.Kind{pass.Requirements}, Rules: []*acr.Rule{pinRule},
		Run: func(p *acr.Pass) (any, error) {
			for _, f := range p.Files {
				i := bytes.Index(f.Content(), []byte("h2o\n"))
				if i < 0 {
					continue
				}
				p.ReportDiag(pinRule, acr.Diagnostic{
					Pos: f.Pos(i), End: f.Pos(i + 3),
					Message: "h2o is not pinned: pin the version the cluster runs",
					SuggestedFixes: []acr.SuggestedFix{{
						Message:   "pin h2o==3.46.0.11",
						TextEdits: []acr.TextEdit{{Pos: f.Pos(i + 3), End: f.Pos(i + 3), NewText: []byte("==3.46.0.11")}},
					}},
				})
			}
			return nil, nil
		},
	}

	root, _ := os.MkdirTemp("", "acr-example")
	defer os.RemoveAll(root)
	os.WriteFile(filepath.Join(root, "requirements.txt"), []byte("pandas==2.2.2\nh2o\n"), 0o644)
	res, err := checker.Run([]string{root}, []*acr.Analyzer{analyzer}, checker.Options{Root: root})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range res.Findings {
		fix := f.Diagnostic.SuggestedFixes[0]
		fmt.Printf("%s: %s [%s]; fix: %s\n", f.Posn, f.Diagnostic.Message, f.Rule.ID, fix.Message)
	}
	// Output:
	// requirements.txt:2:1: h2o is not pinned: pin the version the cluster runs [EX002]; fix: pin h2o==3.46.0.11
}
