package output_test

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acrvet/acr/output"
	"github.com/acrvet/acr/output/sarifschema"
)

// wd0 is the package directory, before any test changes directory.
var wd0, _ = os.Getwd()

func validator(t *testing.T) *sarifschema.Validator {
	t.Helper()
	p := sarifschema.Find(wd0)
	if p == "" {
		t.Skipf("%s is absent: SARIF schema validation skipped", sarifschema.RelPath)
	}
	v, err := sarifschema.Load(p)
	require.NoError(t, err)
	return v
}

func sarifOf(t *testing.T) []byte {
	t.Helper()
	res := sample(t)
	var buf bytes.Buffer
	require.NoError(t, output.SARIF(&buf, res, res.Findings, output.Options{ToolName: "acrvet", ToolVersion: "v9.9.9"}))
	return buf.Bytes()
}

func TestSARIFValidatesAgainstTheSchema(t *testing.T) {
	v := validator(t)
	require.NoError(t, v.Validate(sarifOf(t)))
}

// TestSchemaCheckRejectsMalformedLogs proves the check is not vacuous:
// each mutation breaks a rule of the schema and must be caught.
func TestSchemaCheckRejectsMalformedLogs(t *testing.T) {
	v := validator(t)
	good := sarifOf(t)
	mutations := map[string]func(log map[string]any){
		"wrong version":   func(log map[string]any) { log["version"] = "2.0.0" },
		"no runs":         func(log map[string]any) { delete(log, "runs") },
		"bad level":       func(log map[string]any) { result(log)["level"] = "fatal" },
		"line zero":       func(log map[string]any) { region(log)["startLine"] = 0 },
		"message no text": func(log map[string]any) { result(log)["message"] = map[string]any{} },
		"unknown field":   func(log map[string]any) { run(log)["findings"] = []any{} },
		"bad helpUri":     func(log map[string]any) { rules(log)[0].(map[string]any)["helpUri"] = "not a uri" },
		"column as text":  func(log map[string]any) { region(log)["startColumn"] = "3" },
	}
	for name, mutate := range mutations {
		t.Run(name, func(t *testing.T) {
			var log map[string]any
			require.NoError(t, json.Unmarshal(good, &log))
			mutate(log)
			bad, err := json.Marshal(log)
			require.NoError(t, err)
			assert.Error(t, v.Validate(bad), "the schema check accepted a malformed log")
		})
	}
	assert.Error(t, v.Validate([]byte(`{"version": "2.1.0", "runs": [`)), "truncated JSON")
}

func run(log map[string]any) map[string]any { return log["runs"].([]any)[0].(map[string]any) }
func rules(log map[string]any) []any {
	return run(log)["tool"].(map[string]any)["driver"].(map[string]any)["rules"].([]any)
}
func result(log map[string]any) map[string]any {
	return run(log)["results"].([]any)[0].(map[string]any)
}
func region(log map[string]any) map[string]any {
	loc := result(log)["locations"].([]any)[0].(map[string]any)
	return loc["physicalLocation"].(map[string]any)["region"].(map[string]any)
}

func TestSARIFContent(t *testing.T) {
	var log output.SARIFLog
	require.NoError(t, json.Unmarshal(sarifOf(t), &log))
	assert.Equal(t, "2.1.0", log.Version)
	require.Len(t, log.Runs, 1)
	r := log.Runs[0]
	assert.Equal(t, "utf16CodeUnits", r.ColumnKind)
	assert.Equal(t, "acrvet", r.Tool.Driver.Name)
	assert.Equal(t, "v9.9.9", r.Tool.Driver.Version)
	assert.True(t, r.Invocations[0].ExecutionSuccessful)

	// Every rule of the analyzers that ran is listed, sorted, documented.
	var ids []string
	for _, d := range r.Tool.Driver.Rules {
		ids = append(ids, d.ID)
	}
	assert.Equal(t, []string{"ACR001", "ACR002", "ACR003", "PRB001", "PRB002", "PRB003", "TODO001", "ZIP001"}, ids)
	prb := r.Tool.Driver.Rules[3]
	assert.Equal(t, "probe-block", prb.Name)
	assert.Equal(t, "blocking marker", prb.ShortDescription.Text)
	assert.Equal(t, "Reports BLOCK markers. A test rule.", prb.FullDescription.Text)
	assert.Contains(t, prb.Help.Markdown, "# PRB001: blocking marker")
	assert.Empty(t, prb.HelpURI, "no link while the rule pages are not published")
	assert.Equal(t, "error", prb.DefaultConfiguration.Level)
	assert.Equal(t, []string{"Process", "T-PROC-1", "probe"}, prb.Properties.Tags)

	byRule := map[string][]output.SARIFResult{}
	for _, res := range r.Results {
		byRule[res.RuleID] = append(byRule[res.RuleID], res)
	}
	require.Len(t, byRule["PRB001"], 1)
	block := byRule["PRB001"][0]
	assert.Equal(t, 3, block.RuleIndex)
	assert.Equal(t, "error", block.Level)
	loc := block.Locations[0].PhysicalLocation
	assert.True(t, strings.HasSuffix(loc.ArtifactLocation.URI, "/src/app.py"), loc.ArtifactLocation.URI)
	// "# é😀 BLOCK": 'é' is 2 bytes and 1 UTF-16 unit, the emoji 4 bytes and 2 units: B is byte 11, unit 7.
	assert.Equal(t, output.SARIFRegion{StartLine: 2, StartColumn: 7, EndLine: 2, EndColumn: 12}, *loc.Region)
	require.Len(t, block.RelatedLocations, 1)
	assert.Equal(t, "file starts here", block.RelatedLocations[0].Message.Text)
	assert.Equal(t, 1, *block.RelatedLocations[0].ID)
	assert.Equal(t, output.SARIFRegion{StartLine: 1, StartColumn: 1, EndLine: 1, EndColumn: 2}, *block.RelatedLocations[0].PhysicalLocation.Region)
	require.Len(t, block.Fixes, 1)
	rep := block.Fixes[0].ArtifactChanges[0].Replacements[0]
	assert.Equal(t, output.SARIFRegion{StartLine: 2, StartColumn: 7, EndLine: 2, EndColumn: 12}, rep.DeletedRegion)
	assert.Equal(t, "FLOW", rep.InsertedContent.Text)
	assert.Regexp(t, `^[0-9a-f]{16}:1$`, block.PartialFingerprints["primaryLocationLineHash"])

	// A whole-file finding on a zip points at the file, line 1.
	require.Len(t, byRule["ZIP001"], 1)
	zipLoc := byRule["ZIP001"][0].Locations[0].PhysicalLocation
	assert.True(t, strings.HasSuffix(zipLoc.ArtifactLocation.URI, "/models/churn.zip"))
	assert.Equal(t, output.SARIFRegion{StartLine: 1}, *zipLoc.Region)
	assert.Equal(t, "note", byRule["ZIP001"][0].Level)
}

// TestSARIFRepositoryFinding: a finding without a file is placed on the
// plan's config file, as code scanning needs a location; the log stays
// valid.
func TestSARIFRepositoryFinding(t *testing.T) {
	root := writeTree(t, map[string]string{".acr.yaml": "plan:\n  tests: [tests]\n", "a.py": "x = 1\n"})
	res := runOn(t, root, repoWide)
	require.Len(t, res.Findings, 1)
	t.Chdir(root)
	var buf bytes.Buffer
	require.NoError(t, output.SARIF(&buf, res, res.Findings, output.Options{}))
	if p := sarifschema.Find(wd0); p != "" {
		v, err := sarifschema.Load(p)
		require.NoError(t, err)
		require.NoError(t, v.Validate(buf.Bytes()))
	}
	var log output.SARIFLog
	require.NoError(t, json.Unmarshal(buf.Bytes(), &log))
	loc := log.Runs[0].Results[0].Locations[0].PhysicalLocation
	assert.Equal(t, ".acr.yaml", loc.ArtifactLocation.URI)
	assert.Equal(t, 1, loc.Region.StartLine)
}
