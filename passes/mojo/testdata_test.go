package mojo

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/acrvet/acr/passes/mojo/internal/mojogen"
)

var update = flag.Bool("update", false, "rewrite the generated MOJO archives under testdata/src")

// generated lists every binary artifact of the golden test data with the
// generator call that produces it. The archives are committed so acrvet
// can be run on testdata by hand; TestGeneratedTestdata keeps them equal to
// what the generator writes (go test -run TestGeneratedTestdata -update).
func generated() map[string][]byte {
	const v = "3.46.0.11"
	omit := func(m *mojogen.MOJO, names ...string) []byte { m.Omit = names; return m.Zip() }
	entry := func(m *mojogen.MOJO, e mojogen.Entry) []byte { return mojogen.Archive(append(m.Entries(""), e)) }
	valid := mojogen.GBM(v, 3).Zip()
	badTreeCRC := func() []byte {
		es := mojogen.GBM(v, 3).Entries("")
		for i := range es {
			if es[i].Name == "trees/t00_001.bin" {
				es[i].BadCRC = true
			}
		}
		return mojogen.Archive(es)
	}()
	out := map[string][]byte{
		// artifacts: the validator over valid MOJOs of several algorithms
		// and corrupt variants.
		"artifacts/models/gbm.zip":               valid,
		"artifacts/models/drf.zip":               mojogen.DRF(v, 2).Zip(),
		"artifacts/models/glm.zip":               mojogen.GLM(v).Zip(),
		"artifacts/models/xgboost.zip":           mojogen.XGBoost(v).Zip(),
		"artifacts/models/deeplearning.zip":      mojogen.DeepLearning(v).Zip(),
		"artifacts/models/isolation_forest.zip":  mojogen.IsolationForest(v, 2).Zip(),
		"artifacts/models/stacked_ensemble.zip":  mojogen.StackedEnsemble(v).Zip(),
		"artifacts/models/no_model_ini.zip":      omit(mojogen.GLM(v), "model.ini"),
		"artifacts/models/bad_version.zip":       mojogen.GBM(v, 2).Set("mojo_version", "9.99").Zip(),
		"artifacts/models/xgboost_1_20.zip":      mojogen.XGBoost(v).Set("mojo_version", "1.20").Zip(),
		"artifacts/models/unknown_algo.zip":      mojogen.GLM(v).Set("algorithm", "Naive Bayes").Set("algo", "naivebayes").Zip(),
		"artifacts/models/missing_domain.zip":    omit(mojogen.GBM(v, 2), "domains/d001.txt"),
		"artifacts/models/missing_trees.zip":     omit(mojogen.GBM(v, 4), "trees/t00_001.bin", "trees/t00_002.bin"),
		"artifacts/models/missing_booster.zip":   omit(mojogen.XGBoost(v), "boosterBytes"),
		"artifacts/models/missing_category.zip":  mojogen.GLM(v).Delete("category").Zip(),
		"artifacts/models/column_count.zip":      mojogen.GLM(v).Set("n_columns", "9").Zip(),
		"artifacts/models/traversal.zip":         entry(mojogen.GLM(v), mojogen.Entry{Name: "../../etc/cron.d/job", Data: []byte("* * * * * root sh\n")}),
		"artifacts/models/truncated.zip":         valid[:len(valid)/2],
		"artifacts/models/bomb.zip":              entry(mojogen.GLM(v), mojogen.Entry{Name: "experimental/modelDetails.json", Data: []byte("{}"), DeclaredSize: 1 << 40}),
		"artifacts/models/folder_zipped.zip":     mojogen.Archive(mojogen.GLM(v).Entries("glm/")),
		"artifacts/models/se_bad_submodel.zip":   omit(mojogen.StackedEnsemble(v), "models/gbm/gbm_base/trees/t00_000.bin", "models/gbm/gbm_base/trees/t00_001.bin", "models/gbm/gbm_base/trees/t00_002.bin"),
		"artifacts/src/pipeline/data/raw.zip":    mojogen.Archive([]mojogen.Entry{{Name: "raw.csv", Data: []byte("a,b\n1,2\n")}}),
		"artifacts/src/pipeline/out/churn.mojo":  mojogen.Archive([]mojogen.Entry{{Name: "README", Data: []byte("not a model\n")}}),
		"artifacts/src/pipeline/out/nested.zip":  mojogen.Archive(mojogen.GBM(v, 1).Entries("gbm/")),
		"artifacts/src/pipeline/out/damaged.zip": valid[:len(valid)/3],

		// A tree blob with a wrong CRC: found only when -mojo.readblobs asks
		// for whole blobs to be read.
		"artifacts/models/bad_tree_crc.zip": badTreeCRC,
		"readblobs/models/bad_tree_crc.zip": badTreeCRC,

		// versions: MOJOs against the runtime pin.
		"versions/models/churn.zip":  mojogen.GBM("3.46.0.11", 2).Zip(),
		"versions/models/legacy.zip": mojogen.GLM("3.40.0.4").Zip(),

		// runtime_daimojo: an H2O-3 MOJO under a daimojo plan.
		"runtime_daimojo/models/churn.zip": mojogen.GBM(v, 2).Zip(),
		// runtime_genmodel: a Driverless AI pipeline under the genmodel plan.
		"runtime_genmodel/models/pipeline.mojo": mojogen.MOJO2(),
		"runtime_genmodel/models/churn.zip":     mojogen.GBM(v, 2).Zip(),
		// runtime_daimojo_ok: the matching pair.
		"runtime_daimojo_ok/models/pipeline.mojo": mojogen.MOJO2(),
	}
	return out
}

func TestGeneratedTestdata(t *testing.T) {
	files := generated()
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		p := filepath.Join("testdata", "src", filepath.FromSlash(n))
		if *update {
			require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
			require.NoError(t, os.WriteFile(p, files[n], 0o644))
			continue
		}
		got, err := os.ReadFile(p)
		require.NoError(t, err, "run go test -run TestGeneratedTestdata -update")
		if !bytes.Equal(got, files[n]) {
			t.Errorf("%s differs from what the generator writes; run go test -run TestGeneratedTestdata -update", p)
		}
	}
}
