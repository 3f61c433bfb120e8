package multichecker_test

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/acrvet/acr/multichecker"
	"github.com/acrvet/acr/passes/asyncradar"
	"github.com/acrvet/acr/passes/schemadrift"
)

// Files that start with a byte order mark are analysed like any other,
// with the same findings at the same lines.
func TestFilesWithBOMAreAnalysed(t *testing.T) {
	root := tree(t, map[string]string{
		"db/001_bom.sql":        "\ufeffCREATE TABLE events (id bigint PRIMARY KEY, payload json);\n",
		"src/service/bom.py":    "\ufeffimport time\n\n\nasync def f():\n    time.sleep(1)\n",
		"src/service/no_bom.py": "import time\n\n\nasync def f():\n    time.sleep(1)\n",
	})
	var out, errb bytes.Buffer
	code := multichecker.Run("acrvet", []string{"-cache=off", root + "/..."}, &out, &errb, schemadrift.Analyzer, asyncradar.Analyzer)
	assert.Equal(t, multichecker.ExitFindings, code, errb.String())
	got := out.String()
	assert.NotContains(t, got, "syntax error")
	assert.NotContains(t, got, "ACR001")
	assert.Contains(t, got, "db/001_bom.sql:1:56: column events.payload is json")
	assert.Contains(t, got, "src/service/bom.py:5:5: time.sleep in async def f blocks")
	assert.Contains(t, got, "src/service/no_bom.py:5:5: time.sleep in async def f blocks")
}
