// Command genmojo writes the model artifacts of the example platform:
// models/churn_gbm.zip, a small but loadable H2O-3 GBM MOJO as H2O 3.46
// exports it, and models/broken.zip, the same model claiming a MOJO format
// version no h2o-genmodel reader supports.
//
// The archives are committed, so the example works without running this;
// regenerate them from the module root with
//
//	go run ./examples/platform/internal/genmojo
//
// Output is byte-for-byte reproducible: entry order and timestamps are fixed.
package main

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"flag"
	"fmt"
	"log"
	"math"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// The model: churn of a subscription customer from four features. Column
// order is the training frame's; the response comes last, as H2O writes it.
var (
	columns = []string{"tenure_months", "monthly_charges", "support_tickets", "plan_tier", "churned"}
	domains = map[int][]string{
		3: {"basic", "plus", "premium"},
		4: {"no", "yes"},
	}
	// initF is the GBM's initial prediction in logit space: log(p/(1-p))
	// for a 26% base churn rate.
	initF = math.Log(0.26 / 0.74)
)

// node is a tree node: a numeric split (col >= split goes right) or, when
// left and right are nil, a leaf holding value.
type node struct {
	col         int
	split       float32
	left, right *node
	value       float32
	// weight and sqErr feed the _aux.bin statistics.
	weight, sqErr float32
}

func leaf(v, w float32) *node { return &node{value: v, weight: w, sqErr: w * 0.18} }

func split(col int, at float32, l, r *node) *node {
	return &node{col: col, split: at, left: l, right: r, weight: l.weight + r.weight, sqErr: l.sqErr + r.sqErr}
}

func (n *node) isLeaf() bool { return n.left == nil }

// The three trees of the ensemble, in logit space.
var trees = []*node{
	split(0, 12.5,
		split(2, 2.5, leaf(0.18, 310), leaf(0.41, 95)),
		split(1, 85.0, leaf(-0.22, 940), leaf(0.05, 355))),
	split(2, 3.5,
		split(0, 6.5, leaf(0.09, 520), leaf(-0.15, 1010)),
		leaf(0.33, 170)),
	split(1, 70.0,
		leaf(-0.08, 880),
		split(0, 24.5, leaf(0.12, 490), leaf(-0.04, 330))),
}

// naLeft is NaSplitDir.Left: no missing values were seen in training, and a
// missing value at scoring time goes left.
const naLeft = 4

// encodeTree writes a tree in the compressed layout SharedTreeMojoModel.scoreTree
// walks: per split node a type byte, the column (u16), the NA direction,
// the float threshold, then the left subtree (prefixed by its length when it
// is not a leaf) and the right subtree. Leaves are raw float32 predictions.
// All numbers are little-endian, as ByteBufferWrapper reads them.
func encodeTree(n *node) []byte {
	nodeType := byte(0)
	if n.left.isLeaf() {
		nodeType |= 0x30 // left mask 48: a 4-byte leaf follows
	}
	if n.right.isLeaf() {
		nodeType |= 0xC0 // right mask 48
	}
	b := []byte{nodeType}
	b = le.AppendUint16(b, uint16(n.col))
	b = append(b, naLeft)
	b = appendFloat(b, n.split)
	if n.left.isLeaf() {
		b = appendFloat(b, n.left.value)
	} else {
		sub := encodeTree(n.left)
		if len(sub) > 255 {
			log.Fatalf("left subtree of %d bytes needs a wider length field", len(sub))
		}
		b = append(b, byte(len(sub))) // left mask 0: one length byte
		b = append(b, sub...)
	}
	if n.right.isLeaf() {
		return appendFloat(b, n.right.value)
	}
	return append(b, encodeTree(n.right)...)
}

var le = binary.LittleEndian

func appendFloat(b []byte, f float32) []byte { return le.AppendUint32(b, math.Float32bits(f)) }

// encodeAux writes the _aux.bin of a tree: one 40-byte record per split
// node, in preorder, as SharedTreeMojoModel.AuxInfo reads it: node id, the
// number of split nodes in the left subtree, then weight, prediction and
// squared error of the left and right children, then the children's ids.
// Node ids are assigned breadth-first, the way H2O numbers nodes while
// growing a tree.
func encodeAux(root *node) []byte {
	ids := map[*node]uint32{}
	queue := []*node{root}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		ids[n] = uint32(len(ids))
		if !n.isLeaf() {
			queue = append(queue, n.left, n.right)
		}
	}
	var b []byte
	var walk func(n *node)
	walk = func(n *node) {
		if n.isLeaf() {
			return
		}
		b = le.AppendUint32(b, ids[n])
		b = le.AppendUint32(b, uint32(splits(n.left)))
		for _, f := range []float32{n.left.weight, n.right.weight, mean(n.left), mean(n.right), n.left.sqErr, n.right.sqErr} {
			b = appendFloat(b, f)
		}
		b = le.AppendUint32(b, ids[n.left])
		b = le.AppendUint32(b, ids[n.right])
		walk(n.left)
		walk(n.right)
	}
	walk(root)
	return b
}

func splits(n *node) int {
	if n.isLeaf() {
		return 0
	}
	return 1 + splits(n.left) + splits(n.right)
}

// mean is the weighted mean prediction of a subtree.
func mean(n *node) float32 {
	if n.isLeaf() {
		return n.value
	}
	return (mean(n.left)*n.left.weight + mean(n.right)*n.right.weight) / n.weight
}

// modelIni renders model.ini: the [info] keys GbmMojoReader and its parents
// read, then [columns] and [domains] as ModelMojoWriter writes them.
func modelIni(mojoVersion string) []byte {
	info := [][2]string{
		{"h2o_version", "3.46.0.11"},
		{"mojo_version", mojoVersion},
		{"license", "Apache License Version 2.0"},
		{"algo", "gbm"},
		{"algorithm", "Gradient Boosting Machine"},
		{"endianness", "LITTLE_ENDIAN"},
		{"category", "Binomial"},
		{"uuid", "-4127305939104563021"},
		{"supervised", "true"},
		{"n_features", fmt.Sprint(len(columns) - 1)},
		{"n_classes", "2"},
		{"n_columns", fmt.Sprint(len(columns))},
		{"n_domains", fmt.Sprint(len(domains))},
		{"balance_classes", "false"},
		{"default_threshold", "0.3870967741935484"},
		{"prior_class_distrib", "[0.74, 0.26]"},
		{"model_class_distrib", "[0.74, 0.26]"},
		{"timestamp", "2026-01-02T03:04:05.000Z"},
		{"escape_domain_values", "true"},
		{"n_trees", fmt.Sprint(len(trees))},
		{"n_trees_per_class", "1"},
		{"_genmodel_encoding", "AUTO"},
		{"_orig_projection_array", "null"},
		{"distribution", "bernoulli"},
		{"link_function", "logit"},
		{"init_f", fmt.Sprint(initF)},
	}
	var b strings.Builder
	b.WriteString("[info]\n")
	for _, kv := range info {
		fmt.Fprintf(&b, "%s = %s\n", kv[0], kv[1])
	}
	b.WriteString("\n[columns]\n")
	for _, c := range columns {
		b.WriteString(c + "\n")
	}
	b.WriteString("\n[domains]\n")
	for i, col := range domainColumns() {
		fmt.Fprintf(&b, "%d: %d d%03d.txt\n", col, len(domains[col]), i)
	}
	return []byte(b.String())
}

func domainColumns() []int {
	var cols []int
	for c := range columns {
		if _, ok := domains[c]; ok {
			cols = append(cols, c)
		}
	}
	return cols
}

// stamp is every entry's modification time, for reproducible archives.
var stamp = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

func writeMOJO(path, mojoVersion string) error {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	add := func(name string, data []byte) error {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: stamp})
		if err != nil {
			return err
		}
		_, err = w.Write(data)
		return err
	}
	if err := add("model.ini", modelIni(mojoVersion)); err != nil {
		return err
	}
	for i, col := range domainColumns() {
		if err := add(fmt.Sprintf("domains/d%03d.txt", i), []byte(strings.Join(domains[col], "\n")+"\n")); err != nil {
			return err
		}
	}
	for g, t := range trees {
		// tCC_GGG: class 0 (a binomial GBM grows one tree per group), group g.
		if err := add(fmt.Sprintf("trees/t00_%03d.bin", g), encodeTree(t)); err != nil {
			return err
		}
		if err := add(fmt.Sprintf("trees/t00_%03d_aux.bin", g), encodeAux(t)); err != nil {
			return err
		}
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}

// artifacts are the archives written, with the mojo_version each claims.
var artifacts = []struct{ name, mojoVersion string }{
	{"churn_gbm.zip", "1.40"},
	// 1.50 is past GbmMojoReader's 1.40: h2o-genmodel refuses to load it.
	{"broken.zip", "1.50"},
}

func main() {
	dir := flag.String("dir", filepath.Join("examples", "platform", "models"), "directory to write the MOJOs to")
	flag.Parse()
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		log.Fatal(err)
	}
	for _, a := range artifacts {
		p := filepath.Join(*dir, a.name)
		if err := writeMOJO(p, a.mojoVersion); err != nil {
			log.Fatalf("%s: %v", p, err)
		}
		fmt.Println("wrote", p)
	}
}
