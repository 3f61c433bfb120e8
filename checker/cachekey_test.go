package checker

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"testing"

	"github.com/acrvet/acr/pass"
)

// TestRepoDigestFormat pins the bytes repoDigest hashes, so caches written
// by earlier builds keep their keys: one line per file with its kind,
// size, modification time and note, then one per hidden file.
func TestRepoDigestFormat(t *testing.T) {
	cands := []candidate{
		{rel: "app/main.py", stat: fileStat{Size: 120, ModNs: 1700000000123456789}},
		{rel: "big.bin", stat: fileStat{Size: 1 << 40, ModNs: -5}},
	}
	metas := []meta{{kind: pass.Python}, {kind: pass.Text, note: "too large to review"}}
	hidden := []candidate{{rel: ".env", stat: fileStat{Size: 3, ModNs: 7}}}
	h := sha256.New()
	for i, c := range cands {
		fmt.Fprintf(h, "%s %s %d %d %s\n", c.rel, metas[i].kind, c.stat.Size, c.stat.ModNs, metas[i].note)
	}
	for _, c := range hidden {
		fmt.Fprintf(h, "hidden %s %d %d\n", c.rel, c.stat.Size, c.stat.ModNs)
	}
	if got, want := repoDigest(metas, cands, hidden), hex.EncodeToString(h.Sum(nil)); got != want {
		t.Errorf("repoDigest = %s, want %s", got, want)
	}
}
