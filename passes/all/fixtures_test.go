package all_test

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acrvet/acr/analysistest"
	"github.com/acrvet/acr/passes/all"
)

// TestEveryRuleHasFixtures requires of every rule of acr's passes a
// documentation page, a positive fixture (a want expectation naming its
// code, `\[RULE-ID\]`) and a negative fixture (a line marked "ok:
// RULE-ID"), each in a case directory under passes/PASS/testdata/src that
// a test of the pass runs (the case name appears in its _test.go files).
func TestEveryRuleHasFixtures(t *testing.T) {
	var verifyTests []byte
	files, _ := filepath.Glob(filepath.Join("..", "..", "verify", "*_test.go"))
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		verifyTests = append(verifyTests, data...)
	}
	for _, a := range all.Analyzers() {
		dir := filepath.Join("..", a.Name)
		tests, err := filepath.Glob(filepath.Join(dir, "*_test.go"))
		require.NoError(t, err)
		var testSrc []byte
		for _, f := range tests {
			data, err := os.ReadFile(f)
			require.NoError(t, err)
			testSrc = append(testSrc, data...)
		}
		positive, negative := map[string][]string{}, map[string][]string{}
		src := filepath.Join(dir, "testdata", "src")
		err = filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			rel, _ := filepath.Rel(src, p)
			kase, _, _ := strings.Cut(filepath.ToSlash(rel), "/")
			if !bytes.Contains(testSrc, []byte(`"`+kase+`"`)) {
				return nil // no test runs this case
			}
			data, err := os.ReadFile(p)
			if err != nil || bytes.IndexByte(data, 0) >= 0 {
				return nil // binary: its expectations are in a .want sidecar
			}
			sidecar := strings.HasSuffix(p, ".want")
			for _, line := range strings.Split(string(data), "\n") {
				if sidecar || strings.Contains(line, " want ") {
					for _, code := range wantedCodeRE.FindAllStringSubmatch(line, -1) {
						positive[code[1]] = append(positive[code[1]], rel)
					}
				}
				for _, code := range analysistest.MarkedOK(line) {
					negative[code] = append(negative[code], rel)
				}
			}
			return nil
		})
		require.NoError(t, err)
		for _, r := range a.Rules {
			_, err := os.Stat(filepath.Join("..", "..", "docs", "rules", r.ID+".md"))
			assert.NoError(t, err, "%s has no documentation page (go run ./internal/docgen)", r.ID)
			if r.Engine != "" {
				// Only acrvet -verify reports it: its fixtures are the
				// verify tests, which mark them as the testdata does.
				assert.Contains(t, string(verifyTests), "want "+r.ID, "%s has no positive test in verify/", r.ID)
				assert.Contains(t, string(verifyTests), "ok: "+r.ID, "%s has no negative test in verify/", r.ID)
				continue
			}
			assert.NotEmpty(t, positive[r.ID], "%s has no positive fixture: no want in passes/%s/testdata names \\[%s\\]", r.ID, a.Name, r.ID)
			assert.NotEmpty(t, negative[r.ID], "%s has no negative fixture: mark a line of passes/%s/testdata that it must leave alone with `ok: %s -- why`", r.ID, a.Name, r.ID)
		}
	}
}

var wantedCodeRE = regexp.MustCompile(`\\?\[([A-Z]+[0-9]{3})\\?\]`)
