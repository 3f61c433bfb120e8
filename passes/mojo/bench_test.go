package mojo

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/acrvet/acr/passes/mojo/internal/mojogen"
)

// benchValidate validates the MOJO at p b.N times and reports MOJOs per
// second and the bytes the validator read per MOJO next to the file size.
func benchValidate(b *testing.B, p string, opt Options) {
	st, err := os.Stat(p)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	var read int64
	b.ResetTimer()
	for b.Loop() {
		r, err := ValidateWith(p, opt)
		if err != nil {
			b.Fatal(err)
		}
		read += r.BytesRead
	}
	n := float64(b.N)
	b.ReportMetric(n/b.Elapsed().Seconds(), "MOJOs/s")
	b.ReportMetric(float64(read)/n, "bytes-read/MOJO")
	b.ReportMetric(float64(st.Size()), "file-bytes")
}

// largeGBM is a multinomial-sized GBM: 500 trees of 4 KiB plus aux blobs,
// about 4 MB, the shape where reading only the directory pays off.
func largeGBM(b *testing.B) string {
	m := mojogen.GBM("3.46.0.11", 500)
	for name := range m.Blobs {
		m.Blobs[name] = make([]byte, 4096)
	}
	p := filepath.Join(b.TempDir(), "gbm_500.zip")
	if err := os.WriteFile(p, m.Zip(), 0o644); err != nil {
		b.Fatal(err)
	}
	return p
}

func BenchmarkValidate(b *testing.B) {
	b.Run("gbm_500_trees", func(b *testing.B) { benchValidate(b, largeGBM(b), Options{}) })
	b.Run("gbm_500_trees_readblobs", func(b *testing.B) { benchValidate(b, largeGBM(b), Options{ReadBlobs: true}) })
	b.Run("stacked_ensemble", func(b *testing.B) {
		p := filepath.Join(b.TempDir(), "se.zip")
		if err := os.WriteFile(p, mojogen.StackedEnsemble("3.46.0.11").Zip(), 0o644); err != nil {
			b.Fatal(err)
		}
		benchValidate(b, p, Options{})
	})
	for _, name := range []string{"gbm_variable_importance.zip", "glm_model.zip"} {
		b.Run("real_"+name, func(b *testing.B) { benchValidate(b, filepath.Join(realFixtures(b), name), Options{}) })
	}
}
