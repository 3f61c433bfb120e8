package mojo

import (
	"archive/zip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// repoRoot finds the module root above the test's directory.
func repoRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	require.NoError(t, err)
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test directory")
		}
		dir = parent
	}
}

// realFixtures returns the directory of the real H2O-3 MOJOs shared beside
// the repository, skipping the test when it is absent.
func realFixtures(t testing.TB) string {
	t.Helper()
	dir := filepath.Join(repoRoot(t), "..", "shared", "fixtures", "mojo")
	if _, err := os.Stat(filepath.Join(dir, "NOTICE")); err != nil {
		t.Skipf("real MOJO fixtures not present at %s", dir)
	}
	return dir
}

// unzip extracts a trusted test archive into a temporary folder.
func unzip(t *testing.T, p string) string {
	t.Helper()
	zr, err := zip.OpenReader(p)
	require.NoError(t, err)
	defer zr.Close()
	out := t.TempDir()
	for _, f := range zr.File {
		if strings.HasSuffix(f.Name, "/") {
			continue
		}
		rc, err := f.Open()
		require.NoError(t, err)
		data, err := io.ReadAll(rc)
		rc.Close()
		require.NoError(t, err)
		dst := filepath.Join(out, filepath.FromSlash(f.Name))
		require.NoError(t, os.MkdirAll(filepath.Dir(dst), 0o755))
		require.NoError(t, os.WriteFile(dst, data, 0o644))
	}
	return out
}

// TestRealMOJOs runs the validator over test resources of h2oai/h2o-3 (see
// the fixtures' NOTICE) and checks the verdict on each.
func TestRealMOJOs(t *testing.T) {
	dir := realFixtures(t)
	cases := []struct {
		file        string
		kind        ArtifactKind
		algorithm   string
		mojoVersion string
		h2oVersion  string
		rules       []string // rule ids of the expected problems, in order
	}{
		{"gbm_variable_importance.zip", H2O3MOJO, "Gradient Boosting Machine", "1.40", "3.32.0.99999", nil},
		{"glm_model.zip", H2O3MOJO, "Generalized Linear Modeling", "1.00", "3.21.0.99999", nil},
		{"mojo_modified_version.zip", H2O3MOJO, "Gradient Boosting Machine", "9.99", "3.23.0.99999", []string{"MOJO303"}},
		{"dumjo.zip", NotMOJO, "", "", "", []string{"MOJO301"}},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			r, err := Validate(filepath.Join(dir, c.file))
			require.NoError(t, err)
			assert.Equal(t, c.kind, r.Kind)
			assert.Equal(t, c.algorithm, r.Algorithm)
			assert.Equal(t, c.mojoVersion, r.MojoVersion)
			assert.Equal(t, c.h2oVersion, r.H2OVersion)
			var got []string
			for _, p := range r.Problems {
				got = append(got, p.Rule.ID)
				t.Log(p)
			}
			assert.Equal(t, c.rules, got)
			assert.Equal(t, len(c.rules) == 0, r.Valid())
			if c.kind == H2O3MOJO {
				// The same MOJO unzipped is a MOJO folder with the same verdict.
				folder := unzip(t, filepath.Join(dir, c.file))
				fr, err := Validate(folder)
				require.NoError(t, err)
				assert.Equal(t, c.rules, problemRules(fr))
				assert.Equal(t, c.algorithm, fr.Algorithm)
			}
			st, err := os.Stat(filepath.Join(dir, c.file))
			require.NoError(t, err)
			t.Logf("%s: read %d of %d bytes", c.file, r.BytesRead, st.Size())
			if c.kind == H2O3MOJO {
				assert.Less(t, r.BytesRead, st.Size()/2, "the validator must not read tree blobs or modelDetails.json")
			}
		})
	}
}
