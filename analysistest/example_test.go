package analysistest_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/analysistest"
	"github.com/acrvet/acr/pass"
)

// printT stands in for the *testing.T a real test passes.
type printT struct{}

func (printT) Errorf(format string, args ...any) { fmt.Printf(format+"\n", args...) }

// This example tests a pass the way a pass's own test does, with
// analysistest.Run(t, analysistest.TestData(), Analyzer, "case"): the
// case is a mini repository whose artifacts say, in comments, which
// findings they expect. A finding nobody expected, and an expectation no
// finding met, fail the test with the case's name.
func ExampleRun() {
	printRule := &acr.Rule{
		ID: "EX101", Name: "print-call", Title: "print in service code",
		Severity: acr.SeverityWarning, What: "Reports print calls.", Why: "Services log; print is lost.",
	}
	analyzer := &acr.Analyzer{
		Name: "noprint", Doc: "report print calls", Kinds: []pass.Kind{pass.Python},
		Triggers: []string{"print("}, Rules: []*acr.Rule{printRule},
		Run: func(p *acr.Pass) (any, error) {
			for _, f := range p.Files {
				for off := 0; ; {
					i := strings.Index(string(f.Content()[off:]), "print(")
					if i < 0 {
						break
					}
					p.Reportf(printRule, f.Pos(off+i), f.Pos(off+i+5), "print in service code: use logging")
					off += i + 6
				}
			}
			return nil, nil
		},
	}

	testdata, _ := os.MkdirTemp("", "testdata")
	defer os.RemoveAll(testdata)
	caseDir := filepath.Join(testdata, "src", "service")
	os.MkdirAll(caseDir, 0o755)
	os.WriteFile(filepath.Join(caseDir, "app.py"), []byte(
		"print('hello')  # want `print in service code: use logging \\[EX101\\]`\n"+
			"print('again')\n"+ // a finding nobody expects
			"x = 1  # want `never reported`\n"), 0o644)

	analysistest.Run(printT{}, testdata, analyzer, "service")
	// Output:
	// case "service": app.py:2:1: unexpected diagnostic: print in service code: use logging [EX101]
	// case "service": app.py:3: no diagnostic was reported matching `never reported`
}
