// Package mojogen writes synthetic H2O-3 MOJO archives for tests: valid
// ones for several algorithms, laid out as h2o-genmodel's writers lay them
// out, and corrupt variants that exercise every check of the validator.
//
// Archives are deterministic (stored entries, fixed timestamps), so the
// golden test data generated from them can be committed and checked for
// staleness byte for byte.
package mojogen

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"sort"
	"strings"
	"time"
)

// A MOJO is the content of a synthetic MOJO.
type MOJO struct {
	// Info holds the [info] pairs in order.
	Info [][2]string
	// Columns are the [columns] names; the response column comes last.
	Columns []string
	// Domains maps a column index to its levels.
	Domains map[int][]string
	// Blobs are the other entries (trees, booster, submodels), by name.
	Blobs map[string][]byte
	// Omit lists entries to leave out of the archive, to make corrupt
	// variants.
	Omit []string
}

// stamp is the modification time of every entry, so archives are
// reproducible.
var stamp = time.Date(2026, 1, 2, 3, 4, 6, 0, time.UTC)

// Set sets an [info] key, replacing its value if present.
func (m *MOJO) Set(key, value string) *MOJO {
	for i := range m.Info {
		if m.Info[i][0] == key {
			m.Info[i][1] = value
			return m
		}
	}
	m.Info = append(m.Info, [2]string{key, value})
	return m
}

// Delete removes an [info] key.
func (m *MOJO) Delete(key string) *MOJO {
	out := m.Info[:0]
	for _, kv := range m.Info {
		if kv[0] != key {
			out = append(out, kv)
		}
	}
	m.Info = out
	return m
}

// domainIndexes returns the columns that have a domain, in order.
func (m *MOJO) domainIndexes() []int {
	var idx []int
	for c := range m.Domains {
		idx = append(idx, c)
	}
	sort.Ints(idx)
	return idx
}

// ModelIni renders model.ini as AbstractMojoWriter writes it.
func (m *MOJO) ModelIni() []byte {
	var b bytes.Buffer
	b.WriteString("[info]\n")
	for _, kv := range m.Info {
		fmt.Fprintf(&b, "%s = %s\n", kv[0], kv[1])
	}
	b.WriteString("\n[columns]\n")
	for _, c := range m.Columns {
		b.WriteString(c + "\n")
	}
	b.WriteString("\n[domains]\n")
	for i, c := range m.domainIndexes() {
		fmt.Fprintf(&b, "%d: %d d%03d.txt\n", c, len(m.Domains[c]), i)
	}
	return b.Bytes()
}

// Entries returns the archive entries in the order H2O writes them.
func (m *MOJO) Entries(prefix string) []Entry {
	var out []Entry
	out = append(out, Entry{Name: prefix + "model.ini", Data: m.ModelIni()})
	for i, c := range m.domainIndexes() {
		out = append(out, Entry{Name: fmt.Sprintf("%sdomains/d%03d.txt", prefix, i), Data: []byte(strings.Join(m.Domains[c], "\n") + "\n")})
	}
	names := make([]string, 0, len(m.Blobs))
	for n := range m.Blobs {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		out = append(out, Entry{Name: prefix + n, Data: m.Blobs[n]})
	}
	omit := map[string]bool{}
	for _, o := range m.Omit {
		omit[prefix+o] = true
	}
	kept := out[:0]
	for _, e := range out {
		if !omit[e.Name] {
			kept = append(kept, e)
		}
	}
	return kept
}

// Zip returns the MOJO as a zip archive.
func (m *MOJO) Zip() []byte { return Archive(m.Entries("")) }

// An Entry is one member of a synthetic archive.
type Entry struct {
	Name string
	Data []byte
	// DeclaredSize, when non-zero, is written as the uncompressed size in
	// place of len(Data): a lying header, as zip bombs have.
	DeclaredSize uint64
	// BadCRC stores a wrong CRC-32.
	BadCRC bool
}

// Archive writes entries into a deterministic zip with stored (not
// compressed) entries.
func Archive(entries []Entry) []byte {
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for _, e := range entries {
		crc := crc32.ChecksumIEEE(e.Data)
		if e.BadCRC {
			crc ^= 0xdeadbeef
		}
		size := uint64(len(e.Data))
		if e.DeclaredSize != 0 {
			size = e.DeclaredSize
		}
		h := &zip.FileHeader{
			Name: e.Name, Method: zip.Store, Modified: stamp,
			CRC32: crc, CompressedSize64: uint64(len(e.Data)), UncompressedSize64: size,
		}
		fw, err := w.CreateRaw(h)
		if err != nil {
			panic(err) // only for names the zip format cannot hold; tests use none
		}
		_, _ = fw.Write(e.Data)
	}
	if err := w.Close(); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// base returns the [info] pairs every MOJO starts with.
func base(h2oVersion, mojoVersion, algo, algorithm, category string, supervised bool, nColumns, nClasses, nDomains int) [][2]string {
	nFeatures := nColumns
	if supervised {
		nFeatures--
	}
	return [][2]string{
		{"h2o_version", h2oVersion},
		{"mojo_version", mojoVersion},
		{"license", "Apache License Version 2.0"},
		{"algo", algo},
		{"algorithm", algorithm},
		{"endianness", "LITTLE_ENDIAN"},
		{"category", category},
		{"uuid", "1931574496668975166"},
		{"supervised", fmt.Sprint(supervised)},
		{"n_features", fmt.Sprint(nFeatures)},
		{"n_classes", fmt.Sprint(nClasses)},
		{"n_columns", fmt.Sprint(nColumns)},
		{"n_domains", fmt.Sprint(nDomains)},
		{"balance_classes", "false"},
		{"default_threshold", "0.5"},
		{"prior_class_distrib", "null"},
		{"model_class_distrib", "null"},
		{"timestamp", "2026-01-02T03:04:05.000Z"},
		{"escape_domain_values", "true"},
	}
}

// tree returns the bytes of a fake compressed tree: content the validator
// never parses, only finds.
func tree(class, group int, aux bool) []byte {
	b := make([]byte, 16)
	binary.LittleEndian.PutUint32(b, uint32(class))
	binary.LittleEndian.PutUint32(b[4:], uint32(group))
	if aux {
		b[8] = 1
	}
	return b
}

var prostate = []string{"AGE", "RACE", "DPROS", "PSA", "GLEASON", "CAPSULE"}

// GBM returns a binomial GBM MOJO of nTrees trees as H2O h2oVersion writes
// it (mojo_version 1.40).
func GBM(h2oVersion string, nTrees int) *MOJO {
	m := &MOJO{
		Info:    base(h2oVersion, "1.40", "gbm", "Gradient Boosting Machine", "Binomial", true, len(prostate), 2, 2),
		Columns: prostate,
		Domains: map[int][]string{1: {"0", "1", "2"}, 5: {"0", "1"}},
		Blobs:   map[string][]byte{},
	}
	m.Info = append(m.Info, [][2]string{
		{"n_trees", fmt.Sprint(nTrees)}, {"n_trees_per_class", "1"},
		{"_genmodel_encoding", "AUTO"}, {"_orig_projection_array", "null"},
		{"distribution", "bernoulli"}, {"link_function", "logit"}, {"init_f", "-0.39"},
	}...)
	for g := 0; g < nTrees; g++ {
		m.Blobs[fmt.Sprintf("trees/t00_%03d.bin", g)] = tree(0, g, false)
		m.Blobs[fmt.Sprintf("trees/t00_%03d_aux.bin", g)] = tree(0, g, true)
	}
	return m
}

// DRF returns a multinomial DRF MOJO with one tree per class per group.
func DRF(h2oVersion string, nTrees int) *MOJO {
	cols := []string{"sepal_len", "sepal_wid", "petal_len", "petal_wid", "class"}
	m := &MOJO{
		Info:    base(h2oVersion, "1.30", "drf", "Distributed Random Forest", "Multinomial", true, len(cols), 3, 1),
		Columns: cols,
		Domains: map[int][]string{4: {"Iris-setosa", "Iris-versicolor", "Iris-virginica"}},
		Blobs:   map[string][]byte{},
	}
	m.Info = append(m.Info, [][2]string{{"n_trees", fmt.Sprint(nTrees)}, {"n_trees_per_class", "3"}, {"binomial_double_trees", "false"}}...)
	for g := 0; g < nTrees; g++ {
		for c := 0; c < 3; c++ {
			m.Blobs[fmt.Sprintf("trees/t%02d_%03d.bin", c, g)] = tree(c, g, false)
			m.Blobs[fmt.Sprintf("trees/t%02d_%03d_aux.bin", c, g)] = tree(c, g, true)
		}
	}
	return m
}

// GLM returns a regression GLM MOJO (mojo_version 1.00), all in model.ini.
func GLM(h2oVersion string) *MOJO {
	cols := []string{"CLUSTER", "DPROS", "PSA", "VOL", "CAPSULE"}
	m := &MOJO{
		Info:    base(h2oVersion, "1.00", "glm", "Generalized Linear Modeling", "Regression", true, len(cols), 1, 1),
		Columns: cols,
		Domains: map[int][]string{0: {"a", "b", "c", "d", "e", "f", "g"}},
	}
	m.Info = append(m.Info, [][2]string{
		{"use_all_factor_levels", "true"}, {"cats", "1"}, {"cat_offsets", "[0, 7]"}, {"nums", "3"},
		{"mean_imputation", "true"}, {"beta", "[0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1]"},
		{"family", "gaussian"}, {"link", "identity"},
	}...)
	return m
}

// XGBoost returns a binomial XGBoost MOJO (mojo_version 1.10).
func XGBoost(h2oVersion string) *MOJO {
	m := &MOJO{
		Info:    base(h2oVersion, "1.10", "xgboost", "XGBoost", "Binomial", true, len(prostate), 2, 1),
		Columns: prostate,
		Domains: map[int][]string{5: {"no", "yes"}},
		Blobs:   map[string][]byte{"boosterBytes": []byte("binf\x00\x00\x00\x3f synthetic booster")},
	}
	m.Info = append(m.Info, [][2]string{{"booster", "gbtree"}, {"ntrees", "10"}, {"use_all_factor_levels", "true"}, {"nums", "5"}, {"cats", "0"}, {"sparse", "false"}}...)
	return m
}

// DeepLearning returns a regression Deep Learning MOJO (mojo_version 1.10).
func DeepLearning(h2oVersion string) *MOJO {
	cols := []string{"x1", "x2", "x3", "y"}
	m := &MOJO{
		Info:    base(h2oVersion, "1.10", "deeplearning", "Deep Learning", "Regression", true, len(cols), 1, 0),
		Columns: cols,
		Domains: map[int][]string{},
	}
	m.Info = append(m.Info, [][2]string{
		{"mini_batch_size", "1"}, {"nums", "3"}, {"cats", "0"}, {"use_all_factor_levels", "true"}, {"activation", "Rectifier"},
		{"mean_imputation", "true"}, {"distribution", "gaussian"}, {"neural_network_sizes", "[3, 2, 1]"},
		{"_genmodel_encoding", "AUTO"},
	}...)
	return m
}

// IsolationForest returns an Isolation Forest MOJO (unsupervised trees).
func IsolationForest(h2oVersion string, nTrees int) *MOJO {
	cols := []string{"amount", "hour", "merchant"}
	m := &MOJO{
		Info:    base(h2oVersion, "1.40", "isolationforest", "Isolation Forest", "AnomalyDetection", false, len(cols), 1, 1),
		Columns: cols,
		Domains: map[int][]string{2: {"m1", "m2"}},
		Blobs:   map[string][]byte{},
	}
	m.Info = append(m.Info, [][2]string{{"n_trees", fmt.Sprint(nTrees)}, {"n_trees_per_class", "1"}, {"_genmodel_encoding", "AUTO"}, {"max_path_length", "8"}, {"min_path_length", "1"}}...)
	for g := 0; g < nTrees; g++ {
		m.Blobs[fmt.Sprintf("trees/t00_%03d.bin", g)] = tree(0, g, false)
		m.Blobs[fmt.Sprintf("trees/t00_%03d_aux.bin", g)] = tree(0, g, true)
	}
	return m
}

// StackedEnsemble returns a binomial Stacked Ensemble MOJO (mojo_version
// 1.01) over a GBM and a GLM-like metalearner, nested under models/ as
// MultiModelMojoWriter writes them.
func StackedEnsemble(h2oVersion string) *MOJO {
	m := &MOJO{
		Info:    base(h2oVersion, "1.01", "stackedensemble", "StackedEnsemble", "Binomial", true, len(prostate), 2, 2),
		Columns: prostate,
		Domains: map[int][]string{1: {"0", "1", "2"}, 5: {"0", "1"}},
		Blobs:   map[string][]byte{},
	}
	gbm := GBM(h2oVersion, 3)
	meta := GBM(h2oVersion, 1)
	subs := []struct {
		key string
		m   *MOJO
	}{{"gbm_base", gbm}, {"metalearner_gbm", meta}}
	m.Info = append(m.Info, [2]string{"submodel_count", fmt.Sprint(len(subs))})
	for i, s := range subs {
		dir := "models/gbm/" + s.key + "/"
		m.Info = append(m.Info, [2]string{fmt.Sprintf("submodel_key_%d", i), s.key}, [2]string{fmt.Sprintf("submodel_dir_%d", i), dir})
		for _, e := range s.m.Entries(dir) {
			m.Blobs[e.Name] = e.Data
		}
	}
	m.Info = append(m.Info, [][2]string{{"base_models_num", "1"}, {"base_model0", "gbm_base"}, {"metalearner", "metalearner_gbm"}, {"metalearner_transform", "NONE"}}...)
	return m
}

// MOJO2 returns a minimal Driverless AI MOJO2 pipeline archive, the format
// daimojo loads (protobuf pipeline, no model.ini).
func MOJO2() []byte {
	return Archive([]Entry{
		{Name: "mojo/pipeline.pb", Data: []byte("\x0a\x08pipeline\x12\x04mojo synthetic protobuf")},
		{Name: "mojo/README.txt", Data: []byte("synthetic Driverless AI MOJO2 pipeline\n")},
	})
}
