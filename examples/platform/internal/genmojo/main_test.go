package main

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acrvet/acr/passes/mojo"
)

var committed = filepath.Join("..", "..", "models")

// TestCommittedArtifactsAreCurrent fails when the generator changed but the
// committed MOJOs were not regenerated.
func TestCommittedArtifactsAreCurrent(t *testing.T) {
	dir := t.TempDir()
	for _, a := range artifacts {
		name := a.name
		fresh := filepath.Join(dir, name)
		require.NoError(t, writeMOJO(fresh, a.mojoVersion))
		want, err := os.ReadFile(fresh)
		require.NoError(t, err)
		got, err := os.ReadFile(filepath.Join(committed, name))
		require.NoError(t, err)
		assert.True(t, bytes.Equal(want, got), "%s is stale: run go run ./examples/platform/internal/genmojo", name)
	}
}

func TestArtifactVerdicts(t *testing.T) {
	good, err := mojo.ValidateWith(filepath.Join(committed, "churn_gbm.zip"), mojo.Options{ReadBlobs: true})
	require.NoError(t, err)
	assert.Equal(t, mojo.H2O3MOJO, good.Kind)
	assert.Empty(t, good.Problems)
	assert.Equal(t, "3.46.0.11", good.H2OVersion)

	bad, err := mojo.Validate(filepath.Join(committed, "broken.zip"))
	require.NoError(t, err)
	require.Len(t, bad.Problems, 1)
	assert.Equal(t, mojo.RuleMOJOVersion, bad.Problems[0].Rule)
	assert.Contains(t, bad.Problems[0].Message, "mojo_version 1.50")
}

// TestTreesScore walks the encoded trees the way SharedTreeMojoModel.scoreTree
// does and checks each reaches the leaf the in-memory tree picks.
func TestTreesScore(t *testing.T) {
	rows := [][]float64{{3, 90, 4, 0}, {30, 50, 0, 2}, {13, 95, 1, 1}, {12.5, 85, 2.5, 1}}
	for g, tree := range trees {
		enc := encodeTree(tree)
		for _, row := range rows {
			assert.Equal(t, pick(tree, row), scoreEncoded(t, enc, row), "tree %d row %v", g, row)
		}
		assert.Len(t, encodeAux(tree), 40*splits(tree))
	}
}

func pick(n *node, row []float64) float32 {
	for !n.isLeaf() {
		if row[n.col] >= float64(n.split) {
			n = n.right
		} else {
			n = n.left
		}
	}
	return n.value
}

func scoreEncoded(t *testing.T, tree []byte, row []float64) float32 {
	pos := 0
	u1 := func() int { pos++; return int(tree[pos-1]) }
	f4 := func() float32 {
		pos += 4
		return math.Float32frombits(le.Uint32(tree[pos-4:]))
	}
	for steps := 0; steps < 64; steps++ {
		nodeType := u1()
		col := int(le.Uint16(tree[pos:]))
		pos += 2
		u1() // NA direction: no missing values in these rows
		mask := nodeType & 51
		at := f4()
		if row[col] >= float64(at) {
			switch mask {
			case 0:
				n := u1()
				pos += n
			case 48:
				pos += 4
			default:
				t.Fatalf("unexpected left mask %d", mask)
			}
			mask = (nodeType & 0xC0) >> 2
		} else if mask <= 3 {
			pos += mask + 1
		}
		if mask&16 != 0 {
			return f4()
		}
	}
	t.Fatal("tree walk did not reach a leaf")
	return 0
}
