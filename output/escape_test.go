package output_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acrvet/acr/internal/testpasses"
	"github.com/acrvet/acr/output"
)

// hostileNames are file names that would act on a terminal or a page:
// a colour sequence, an OSC window title, BEL, CR, a newline, a
// bidirectional override and bytes that are not UTF-8.
var hostileNames = map[string]string{
	"csi":       "red\x1b[31m.py",
	"osc":       "title\x1b]0;pwned\x07.py",
	"bel":       "bell\a.py",
	"cr":        "hide\rsafe.py",
	"newline":   "two\nlines.py",
	"bidi":      "rtl\u202eyp.py",
	"not utf-8": "latin\xe9\xff.py",
}

// controls are the bytes and runes no text-like output may carry.
var controls = []string{"\x1b", "\a", "\r", "\u202e", "\xff", "\xe9"}

func TestTextLikeOutputsEscapeControlCharacters(t *testing.T) {
	for name, file := range hostileNames {
		t.Run(name, func(t *testing.T) {
			root := writeTree(t, map[string]string{file: "x = 1  # TODO\n"})
			res := runOn(t, root, testpasses.Todo)
			require.Len(t, res.Findings, 1)
			t.Chdir(root)
			res.Findings[0].Diagnostic.Message = "message with \x1b[2J clear, \x1b]0;title\a and \r return"
			for _, format := range []string{"text", "markdown", "github", "codeclimate"} {
				var buf bytes.Buffer
				require.NoError(t, output.Formats[format](&buf, res, res.Findings, output.Options{Context: 1}), format)
				got := buf.String()
				if format == "codeclimate" {
					// JSON: the path stays the file's name for GitLab to
					// link (JSON escapes controls); the description is text.
					var issues []output.CodeClimateIssue
					require.NoError(t, json.Unmarshal(buf.Bytes(), &issues))
					got = issues[0].Description
				}
				for _, c := range controls {
					assert.NotContains(t, got, c, "%s output holds %q", format, c)
				}
				if format == "text" || format == "markdown" {
					// One finding, one line: a newline in the name
					// does not forge a second finding.
					assert.Equal(t, 1, strings.Count(got, "[TODO001]")+strings.Count(got, "`TODO001`"), format)
					assert.NotContains(t, got, "\ntwo", format)
					assert.NotContains(t, got, "lines.py:1:10", "%s: the name is split", format)
				}
				if format == "text" {
					assert.True(t, strings.HasPrefix(got, `"`), "text quotes the odd name as go vet does: %q", got)
					assert.Contains(t, got, `message with \x1b[2J clear, \x1b]0;title\a and \r return [TODO001]`)
				}
			}
		})
	}
}

// JSON and SARIF carry the exact name: JSON in path_base64 when the name
// is not UTF-8, SARIF in the percent-encoded artifact URI.
func TestJSONAndSARIFKeepNamesThatAreNotUTF8(t *testing.T) {
	file := "latin\xe9\xff.py"
	root := writeTree(t, map[string]string{file: "x = 1  # TODO\n"})
	res := runOn(t, root, testpasses.Todo)
	t.Chdir(root)

	var buf bytes.Buffer
	require.NoError(t, output.Formats["json"](&buf, res, res.Findings, output.Options{}))
	var rep output.JSONReport
	require.NoError(t, json.Unmarshal(buf.Bytes(), &rep))
	require.Len(t, rep.Diagnostics, 1)
	d := rep.Diagnostics[0]
	raw, err := base64.StdEncoding.DecodeString(d.PathBase64)
	require.NoError(t, err)
	assert.Equal(t, file, string(raw))
	require.NotEmpty(t, d.Fixes)
	raw, err = base64.StdEncoding.DecodeString(d.Fixes[0].Edits[0].PathBase64)
	require.NoError(t, err)
	assert.Equal(t, file, string(raw))

	buf.Reset()
	require.NoError(t, output.Formats["sarif"](&buf, res, res.Findings, output.Options{}))
	var sarif struct {
		Runs []struct {
			Results []struct {
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string } `json:"artifactLocation"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	require.NoError(t, json.Unmarshal(buf.Bytes(), &sarif))
	uri := sarif.Runs[0].Results[0].Locations[0].PhysicalLocation.ArtifactLocation.URI
	assert.Equal(t, "latin%E9%FF.py", uri)
	decoded, err := url.PathUnescape(uri)
	require.NoError(t, err)
	assert.Equal(t, file, decoded)

	// A valid UTF-8 name has no path_base64.
	assert.NotContains(t, jsonOf(t, "plain.py"), "path_base64")
}

func jsonOf(t *testing.T, file string) string {
	root := writeTree(t, map[string]string{file: "x = 1  # TODO\n"})
	res := runOn(t, root, testpasses.Todo)
	t.Chdir(root)
	var buf bytes.Buffer
	require.NoError(t, output.Formats["json"](&buf, res, res.Findings, output.Options{}))
	return buf.String()
}
