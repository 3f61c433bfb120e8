package memory_test

import (
	"bytes"
	"go/token"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/analysistest"
	"github.com/acrvet/acr/multichecker"
	"github.com/acrvet/acr/pass"
	"github.com/acrvet/acr/passes/manifest"
	"github.com/acrvet/acr/passes/memory"
)

func TestCompose(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), memory.Analyzer, "compose_heap", "compose_lastflag", "compose_envforms", "compose_anchors", "compose_extends", "compose_dotenv", "compose_overrides", "compose_javaopts", "compose_units", "compose_build", "compose_jvm_images", "compose_heapflags", "compose_limits", "compose_filelists", "compose_composefile", "PHY105_unbounded_deployment")
}

func TestKubernetes(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), memory.Analyzer, "kube_heap", "kube_limits", "kube_kustomize")
}

func TestDockerfiles(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), memory.Analyzer, "dockerfiles")
}

func TestSuggestedFixes(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), memory.Analyzer, "fixes")
}

// TestCommandLine shows that `acrvet -memory docker-compose.yml` is the
// command-line form of the plan's check_memory_allocation.py: it reviews
// one Compose file, reads the .env beside it even when .gitignore hides it,
// and exits 3 when it finds something.
func TestCommandLine(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644))
	}
	write(".gitignore", ".env\n")
	write(".env", "H2O_MEMORY=8g\n")
	write("docker-compose.yml", "services:\n  h2o:\n    image: h2oai/h2o-open-source-k8s:3.46.0.1\n"+
		"    mem_limit: ${H2O_MEMORY}\n    environment:\n      JAVA_TOOL_OPTIONS: -Xmx7g\n")
	write("other.yml", "services:\n  db:\n    image: postgres:16\n    ports: ['5432:5432']\n")
	t.Chdir(dir)

	var stdout, stderr bytes.Buffer
	code := multichecker.Run("acrvet", []string{"-memory", "docker-compose.yml"}, &stdout, &stderr, memory.Analyzer)
	assert.Equal(t, multichecker.ExitFindings, code, stderr.String())
	assert.Equal(t, "docker-compose.yml:6:26: JVM heap of service \"h2o\" is 7g (from JAVA_TOOL_OPTIONS), 88% of its 8g memory limit: "+
		"the plan allows 70%, and only 1g is left for native memory (XGBoost, threads, metaspace); lower the heap to "+
		"-Xmx5734m or raise the limit to 10g [PHY101]\n\tdocker-compose.yml:4:16: memory limit 8g\n", stdout.String())

	stdout.Reset()
	write(".acr.yaml", "plan:\n  heap_ratio: 0.9\n")
	code = multichecker.Run("acrvet", []string{"-memory", "docker-compose.yml"}, &stdout, &stderr, memory.Analyzer)
	assert.Equal(t, multichecker.ExitClean, code, "a 7g heap is within 90%% of 8g: %s", stdout.String())
}

// FuzzMemory runs the whole pass over arbitrary Compose and Kubernetes
// text: nothing may panic, and every finding must lie in its file. Each
// file is at most 4 KiB, so the fuzzer keeps its rate.
func FuzzMemory(f *testing.F) {
	f.Add("services:\n  h:\n    image: h2oai/h2o-open-source-k8s\n    mem_limit: 1g\n    environment: [JAVA_OPTS=-Xmx2g]\n",
		"kind: Pod\nspec:\n  hostNetwork: true\n  containers: [{name: r, image: redis, resources: {limits: {memory: 8000m}}}]\n")
	f.Add("services:\n  d:\n    image: postgres:18\n    volumes: [/var/lib/postgresql/data]\n    command: java -Xmx${X:-9}\n", "")
	f.Fuzz(func(t *testing.T, compose, kube string) {
		if len(compose) > 4<<10 || len(kube) > 4<<10 {
			return
		}
		fset := token.NewFileSet()
		files := []*pass.File{
			pass.NewFile(fset, "compose.yaml", "/nonexistent/compose.yaml", pass.Compose, []byte(compose), 0),
			pass.NewFile(fset, "k8s/app.yaml", "/nonexistent/k8s/app.yaml", pass.Kubernetes, []byte(kube), 0),
		}
		repo := pass.NewRepo("/nonexistent", files)
		report := func(d acr.Diagnostic) {
			if d.Pos.IsValid() && fset.File(d.Pos) == nil {
				t.Fatalf("finding outside the run's files: %+v", d)
			}
		}
		mp := &acr.Pass{Analyzer: manifest.Analyzer, Fset: fset, Files: repo.Files(), Repo: repo, Plan: acr.DefaultPlan(), Report: report}
		res, err := manifest.Analyzer.Run(mp)
		require.NoError(t, err)
		p := &acr.Pass{Analyzer: memory.Analyzer, Fset: fset, Files: repo.Files(), Repo: repo, Plan: acr.DefaultPlan(), Report: report,
			ResultOf: map[*acr.Analyzer]any{manifest.Analyzer: res}}
		_, err = memory.Analyzer.Run(p)
		require.NoError(t, err)
	})
}
