package sarifschema_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acrvet/acr/output/sarifschema"
)

func TestFind(t *testing.T) {
	// A module without the shared directory beside it: nothing to find, so
	// callers skip.
	dir := t.TempDir()
	mod := filepath.Join(dir, "repo")
	require.NoError(t, os.MkdirAll(filepath.Join(mod, "pkg"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(mod, "go.mod"), []byte("module x\n"), 0o644))
	assert.Empty(t, sarifschema.Find(filepath.Join(mod, "pkg")))

	// With it: found from any package directory of the module.
	schema := filepath.Join(dir, "shared", "schemas", "sarif-schema-2.1.0.json")
	require.NoError(t, os.MkdirAll(filepath.Dir(schema), 0o755))
	require.NoError(t, os.WriteFile(schema, []byte(`{"$schema": "http://json-schema.org/draft-04/schema#", "type": "object", "required": ["version"]}`), 0o644))
	assert.Equal(t, schema, sarifschema.Find(filepath.Join(mod, "pkg")))

	v, err := sarifschema.Load(schema)
	require.NoError(t, err)
	assert.NoError(t, v.Validate([]byte(`{"version": "2.1.0"}`)))
	assert.Error(t, v.Validate([]byte(`{}`)))
	assert.Error(t, v.Validate([]byte(`{`)))
}
