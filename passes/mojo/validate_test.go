package mojo

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acrvet/acr/pass/zipsrc"
	"github.com/acrvet/acr/passes/mojo/internal/mojogen"
)

const h2o = "3.46.0.11"

func writeTemp(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(p, data, 0o644))
	return p
}

// problemRules returns "RULE entry:line message" lines, for assertions
// that show the whole report when they fail.
func problemRules(r *Report) []string {
	var out []string
	for _, p := range r.Problems {
		out = append(out, p.Rule.ID)
	}
	return out
}

func TestValidateSynthetic(t *testing.T) {
	omit := func(m *mojogen.MOJO, names ...string) *mojogen.MOJO { m.Omit = append(m.Omit, names...); return m }
	nested := func(m *mojogen.MOJO) []byte {
		var es []mojogen.Entry
		for _, e := range m.Entries("churn/") {
			es = append(es, e)
		}
		return mojogen.Archive(es)
	}
	withEntry := func(m *mojogen.MOJO, e mojogen.Entry) []byte {
		return mojogen.Archive(append(m.Entries(""), e))
	}
	badCRC := func(m *mojogen.MOJO) []byte {
		es := m.Entries("")
		es[0].BadCRC = true
		return mojogen.Archive(es)
	}
	valid := mojogen.GBM(h2o, 5).Zip()
	cases := []struct {
		name  string
		zip   []byte
		kind  ArtifactKind
		rules []string
		msg   string // a substring of the first problem's message
	}{
		{"gbm", valid, H2O3MOJO, nil, ""},
		{"drf", mojogen.DRF(h2o, 4).Zip(), H2O3MOJO, nil, ""},
		{"glm", mojogen.GLM(h2o).Zip(), H2O3MOJO, nil, ""},
		{"xgboost", mojogen.XGBoost(h2o).Zip(), H2O3MOJO, nil, ""},
		{"deeplearning", mojogen.DeepLearning(h2o).Zip(), H2O3MOJO, nil, ""},
		{"isolation forest", mojogen.IsolationForest(h2o, 3).Zip(), H2O3MOJO, nil, ""},
		{"stacked ensemble", mojogen.StackedEnsemble(h2o).Zip(), H2O3MOJO, nil, ""},
		{"mojo2 pipeline", mojogen.MOJO2(), MOJO2Pipeline, nil, ""},

		{"no model.ini", omit(mojogen.GBM(h2o, 2), "model.ini").Zip(), NotMOJO, []string{"MOJO301"}, "holds no model.ini"},
		{"folder zipped", nested(mojogen.GBM(h2o, 2)), NotMOJO, []string{"MOJO301"}, "but churn/model.ini"},
		{"gbm mojo_version 1.50", mojogen.GBM(h2o, 2).Set("mojo_version", "1.50").Zip(), H2O3MOJO, []string{"MOJO303"}, "newer than GbmMojoReader reads (up to 1.40)"},
		{"xgboost mojo_version 1.20", mojogen.XGBoost(h2o).Set("mojo_version", "1.20").Zip(), H2O3MOJO, []string{"MOJO303"}, "XGBoostMojoReader"},
		{"glm mojo_version 1.01", mojogen.GLM(h2o).Set("mojo_version", "1.01").Zip(), H2O3MOJO, []string{"MOJO303"}, "up to 1.00"},
		{"stacked ensemble 1.02", mojogen.StackedEnsemble(h2o).Set("mojo_version", "1.02").Zip(), H2O3MOJO, []string{"MOJO303"}, "up to 1.01"},
		{"deep learning 1.10 ok, 1.11 not", mojogen.DeepLearning(h2o).Set("mojo_version", "1.11").Zip(), H2O3MOJO, []string{"MOJO303"}, "up to 1.10"},
		{"unknown algorithm", mojogen.GLM(h2o).Set("algorithm", "Naive Bayes").Set("algo", "naivebayes").Zip(), H2O3MOJO, []string{"MOJO304"}, `no reader for algorithm "Naive Bayes"`},
		{"missing domain file", omit(mojogen.GBM(h2o, 2), "domains/d001.txt").Zip(), H2O3MOJO, []string{"MOJO305"}, "domains/d001.txt of column 5 is missing"},
		{"domain level count", func() []byte {
			m := mojogen.GBM(h2o, 2)
			m.Domains[1] = m.Domains[1][:2]
			m.Set("n_domains", "2")
			return replaceIni(m, "1: 2 d000.txt", "1: 3 d000.txt")
		}(), H2O3MOJO, []string{"MOJO305"}, "holds 2 levels but model.ini declares 3"},
		{"missing trees", omit(mojogen.GBM(h2o, 5), "trees/t00_001.bin", "trees/t00_003.bin").Zip(), H2O3MOJO, []string{"MOJO306"}, "2 of the 5 tree groups"},
		{"missing aux", omit(mojogen.GBM(h2o, 3), "trees/t00_002_aux.bin").Zip(), H2O3MOJO, []string{"MOJO306"}, "_aux.bin"},
		{"no trees at all", omit(mojogen.DRF(h2o, 1), "trees/t00_000.bin", "trees/t01_000.bin", "trees/t02_000.bin").Zip(), H2O3MOJO, []string{"MOJO306"}, "1 of the 1 tree groups"},
		{"no booster", omit(mojogen.XGBoost(h2o), "boosterBytes").Zip(), H2O3MOJO, []string{"MOJO306"}, "boosterBytes"},
		{"submodel missing", omit(mojogen.StackedEnsemble(h2o), "models/gbm/gbm_base/model.ini").Zip(), H2O3MOJO, []string{"MOJO306"}, `submodel "gbm_base" has no models/gbm/gbm_base/model.ini`},
		{"metalearner unknown", mojogen.StackedEnsemble(h2o).Set("metalearner", "nope").Zip(), H2O3MOJO, []string{"MOJO306"}, `metalearner = "nope" names no submodel`},
		{"missing key", mojogen.GBM(h2o, 1).Delete("category").Delete("n_domains").Zip(), H2O3MOJO, []string{"MOJO302"}, "lacks category, n_domains"},
		{"bad category", mojogen.GBM(h2o, 1).Set("category", "Binary").Zip(), H2O3MOJO, []string{"MOJO302"}, `category = "Binary"`},
		{"too few n_columns", mojogen.GLM(h2o).Set("n_columns", "4").Set("n_features", "3").Zip(), H2O3MOJO, []string{"MOJO302"}, "n_columns variable is too small"},
		{"too many n_columns", mojogen.GLM(h2o).Set("n_columns", "6").Zip(), H2O3MOJO, []string{"MOJO302"}, "lists 5 columns but n_columns = 6"},
		{"negative n_columns", mojogen.GLM(h2o).Set("n_columns", "-6").Zip(), H2O3MOJO, []string{"MOJO302"}, `n_columns = "-6" is not a non-negative integer`},
		{"n_domains off", mojogen.GBM(h2o, 1).Set("n_domains", "3").Zip(), H2O3MOJO, []string{"MOJO302"}, "n_domains = 3 but [domains] lists 2"},
		{"response classes", mojogen.GBM(h2o, 1).Set("category", "Multinomial").Set("n_classes", "3").Zip(), H2O3MOJO, []string{"MOJO302"}, "response domain lists 2 classes but n_classes = 3"},
		{"traversal entry", withEntry(mojogen.GLM(h2o), mojogen.Entry{Name: "../../etc/cron.d/job", Data: []byte("x")}), Unreadable, []string{"MOJO307"}, "escapes the archive root"},
		{"truncated", valid[:len(valid)*2/3], Unreadable, []string{"MOJO307"}, "corrupt zip archive"},
		{"huge declared size", withEntry(mojogen.GLM(h2o), mojogen.Entry{Name: "experimental/modelDetails.json", Data: []byte("{}"), DeclaredSize: 1 << 40}), Unreadable, []string{"MOJO307"}, "limit exceeded"},
		{"crc mismatch", badCRC(mojogen.GLM(h2o)), H2O3MOJO, []string{"MOJO307"}, "checksum mismatch"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r, err := Validate(writeTemp(t, "model.zip", c.zip))
			require.NoError(t, err)
			assert.Equal(t, c.kind, r.Kind, "%v", r.Problems)
			assert.Equal(t, c.rules, problemRules(r), "%v", r.Problems)
			if c.msg != "" && len(r.Problems) > 0 {
				assert.Contains(t, r.Problems[0].Message, c.msg)
			}
			assert.Equal(t, len(c.rules) == 0, r.Valid())
		})
	}
}

// replaceIni returns m's archive with one model.ini line rewritten.
func replaceIni(m *mojogen.MOJO, old, new string) []byte {
	es := m.Entries("")
	es[0].Data = bytes.Replace(es[0].Data, []byte(old), []byte(new), 1)
	return mojogen.Archive(es)
}

func TestValidateNestedProblemsNameTheirEntry(t *testing.T) {
	se := mojogen.StackedEnsemble(h2o)
	es := se.Entries("")
	for i := range es {
		if es[i].Name == "models/gbm/gbm_base/model.ini" {
			es[i].Data = bytes.Replace(es[i].Data, []byte("mojo_version = 1.40"), []byte("mojo_version = 1.41"), 1)
		}
	}
	r, err := Validate(writeTemp(t, "se.zip", mojogen.Archive(es)))
	require.NoError(t, err)
	require.Equal(t, []string{"MOJO303"}, problemRules(r))
	assert.Equal(t, "models/gbm/gbm_base/model.ini", r.Problems[0].Entry)
	assert.Equal(t, 3, r.Problems[0].Line)
	require.Len(t, r.Submodels, 2)
	assert.Equal(t, "Gradient Boosting Machine", r.Submodels[0].Algorithm)
}

func TestValidateFolder(t *testing.T) {
	dir := t.TempDir()
	m := mojogen.GBM(h2o, 3)
	m.Omit = []string{"trees/t00_002.bin"}
	for _, e := range m.Entries("") {
		p := filepath.Join(dir, filepath.FromSlash(e.Name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, e.Data, 0o644))
	}
	r, err := Validate(dir)
	require.NoError(t, err)
	assert.Equal(t, H2O3MOJO, r.Kind)
	assert.Equal(t, []string{"MOJO306"}, problemRules(r))
	assert.Positive(t, r.BytesRead)

	r, err = Validate(t.TempDir())
	require.NoError(t, err)
	assert.Equal(t, NotMOJO, r.Kind)

	_, err = Validate(filepath.Join(dir, "absent.zip"))
	assert.Error(t, err)
}

func TestValidateReadBlobs(t *testing.T) {
	m := mojogen.GBM(h2o, 4)
	es := m.Entries("")
	for i := range es {
		if es[i].Name == "trees/t00_002.bin" {
			es[i].BadCRC = true
		}
	}
	p := writeTemp(t, "gbm.zip", mojogen.Archive(es))
	r, err := Validate(p)
	require.NoError(t, err)
	assert.True(t, r.Valid(), "by default tree blobs are not read: %v", r.Problems)
	small := r.BytesRead

	r, err = ValidateWith(p, Options{ReadBlobs: true})
	require.NoError(t, err)
	assert.Equal(t, []string{"MOJO307"}, problemRules(r))
	assert.Equal(t, "trees/t00_002.bin", r.Problems[0].Entry)
	assert.Greater(t, r.BytesRead, small)
}

func TestParseModelIni(t *testing.T) {
	ini := ParseModelIni([]byte("# comment\r\n[info]\r\nh2o_version = 3.46.0.11\nalgo=gbm\nweird line\n\n[columns]\nA\n B \n[domains]\n0: 2 d000.txt\n1 2 d001.txt\nx: 2 d002.txt\n[info]\n"))
	v, ok := ini.Lookup("algo")
	assert.True(t, ok)
	assert.Equal(t, "gbm", v)
	assert.Equal(t, []Line{{"A", 8}, {"B", 9}}, ini.Columns)
	assert.Equal(t, []Domain{{Column: 0, Count: 2, File: "d000.txt", Line: 11}}, ini.Domains)
	var msgs []string
	for _, p := range ini.Problems {
		msgs = append(msgs, p.Msg)
	}
	require.Len(t, msgs, 5, strings.Join(msgs, "\n"))
	assert.Contains(t, msgs[0], `"weird line" is not key = value`)
	assert.Contains(t, msgs[1], "[columns] comes before n_columns")
	assert.Contains(t, msgs[2], `"1 2 d001.txt"`)
	assert.Contains(t, msgs[3], `column index "x"`)
	assert.Contains(t, msgs[4], "appears again")
}

func TestCountJavaLines(t *testing.T) {
	for in, want := range map[string]int{"": 0, "a": 1, "a\n": 1, "a\nb": 2, "a\r\nb\r\n": 2, "a\rb\r": 2, "\n\n": 2, "a\r\n\r\n": 2} {
		n, err := countJavaLines(strings.NewReader(in))
		require.NoError(t, err)
		assert.Equal(t, want, n, "%q", in)
	}
}

func TestH2OVersion(t *testing.T) {
	v, ok := ParseH2OVersion("3.46.0.11")
	require.True(t, ok)
	assert.False(t, Gated(v))
	w, _ := ParseH2OVersion("3.46.0.12")
	assert.True(t, Gated(w))
	x, _ := ParseH2OVersion("3.48.0.1")
	assert.True(t, Gated(x))
	y, _ := ParseH2OVersion("3.32.0.99999")
	assert.False(t, Gated(y))
	assert.Equal(t, -1, v.Compare(w))
	for _, bad := range []string{"", "3", "3.x", "3..1", "a.b", "1.2.3.4.5.6", "3.+1"} {
		_, ok := ParseH2OVersion(bad)
		assert.False(t, ok, bad)
	}
}

func FuzzParseModelIni(f *testing.F) {
	f.Add(mojogen.GBM(h2o, 1).ModelIni())
	f.Add(mojogen.GLM(h2o).ModelIni())
	f.Add([]byte("[columns]\n[info]\nn_columns = -1\n[domains]\n-1: -2 \n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ini := ParseModelIni(data)
		for _, p := range ini.Problems {
			if p.Line < 1 {
				t.Fatalf("problem without a line: %q", p.Msg)
			}
		}
	})
}

// FuzzValidateArchive feeds arbitrary bytes, seeded with small valid and
// corrupt MOJOs, to the zip front and the validator: nothing may panic or
// hang. Inputs and budgets are small (an archive of at most 256 KiB,
// 1 MiB inflated, 64 KiB per text entry) so that each execution takes
// well under a millisecond and the fuzzer explores instead of inflating.
func FuzzValidateArchive(f *testing.F) {
	f.Add(mojogen.GBM(h2o, 1).Zip())
	f.Add(mojogen.XGBoost(h2o).Zip())
	f.Add(mojogen.MOJO2())
	f.Add(mojogen.GLM(h2o).Set("submodel_count", "2").Zip())
	lim := zipsrc.Limits{MaxEntries: 256, MaxTotalSize: 1 << 20, MaxRatio: 200, RatioGrace: 64 << 10}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 256<<10 {
			return
		}
		done := make(chan *Report, 1)
		go func() {
			a, err := zipsrc.NewReader(bytes.NewReader(data), int64(len(data)), "fuzz.zip", lim)
			if err != nil {
				done <- &Report{}
				return
			}
			defer a.Close()
			done <- ValidateArchive(a, "fuzz.zip", Options{ReadBlobs: true, MaxTextEntry: 64 << 10})
		}()
		var r *Report
		select {
		case r = <-done:
		case <-time.After(2 * time.Second):
			buf := make([]byte, 1<<16)
			n := runtime.Stack(buf, true)
			t.Fatalf("validation hangs:\n%s", buf[:n])
		}
		for _, p := range r.Problems {
			if p.Rule == nil || p.Message == "" {
				t.Fatalf("empty problem %+v", p)
			}
		}
	})
}
