package mojo

import (
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/checker"
	"github.com/acrvet/acr/passes/mojo/internal/mojogen"
)

func findingRules(t *testing.T, res *checker.Result) []string {
	t.Helper()
	for _, e := range res.Errors {
		t.Errorf("run error: %v", e)
	}
	var out []string
	for _, f := range res.Findings {
		out = append(out, f.Posn.Path+" "+f.Rule.ID)
	}
	sort.Strings(out)
	return out
}

// TestCLIEquivalent runs the pass the way `acrvet -mojo ./mage_pipeline`
// and `acrvet -mojo model.zip` do: the checker over a directory or a
// single artifact, the counterpart of the spec's
// verify_mojo_artifact.py --pipeline-dir.
func TestCLIEquivalent(t *testing.T) {
	dir := t.TempDir()
	project := filepath.Join(dir, "mage_pipeline")
	write := func(rel string, data []byte) {
		p := filepath.Join(project, filepath.FromSlash(rel))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, data, 0o644))
	}
	write("data_exporters/export.py", []byte("import h2o\n\n\n@data_exporter\ndef export(model):\n    h2o.download_pojo(model, path='/models')\n"))
	write("models/churn.zip", mojogen.GBM("3.46.0.11", 2).Set("mojo_version", "1.41").Zip())
	write("models/ok.zip", mojogen.GLM("3.46.0.11").Zip())
	write("requirements.txt", []byte("h2o==3.46.0.11\n"))

	res, err := checker.Run([]string{project}, []*acr.Analyzer{Analyzer}, checker.Options{PassesChosen: true})
	require.NoError(t, err)
	assert.Equal(t, []string{"data_exporters/export.py MOJO101", "models/churn.zip MOJO303"}, findingRules(t, res))

	// One artifact named on the command line is validated whatever its
	// directory, because it holds a model.ini.
	single := filepath.Join(dir, "model.zip")
	require.NoError(t, os.WriteFile(single, mojogen.XGBoost("3.46.0.11").Set("algorithm", "LightGBM").Zip(), 0o644))
	res, err = checker.Run([]string{single}, []*acr.Analyzer{Analyzer}, checker.Options{Root: dir, PassesChosen: true})
	require.NoError(t, err)
	assert.Equal(t, []string{"model.zip MOJO304"}, findingRules(t, res))
}
