package scenario

import (
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acrvet/acr/pass"
)

// repoOf builds an in-memory repository of the files, keyed by path.
func repoOf(files map[string]string) (*pass.Repo, map[string]*pass.File) {
	fset := token.NewFileSet()
	var paths []string
	for p := range files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	byPath := map[string]*pass.File{}
	var list []*pass.File
	for _, p := range paths {
		f := pass.NewFile(fset, p, p, pass.DetectKind(p, []byte(files[p])), []byte(files[p]), 0)
		byPath[p] = f
		list = append(list, f)
	}
	return pass.NewRepo("/repo", list), byPath
}

func pipelineOf(t *testing.T, files map[string]string, meta string) *magePipeline {
	t.Helper()
	repo, byPath := repoOf(files)
	pl, err := parsePipeline(byPath[meta], repo)
	require.NoError(t, err)
	return pl
}

func TestDynamicChildSemantics(t *testing.T) {
	const meta = "proj/pipelines/p/metadata.yaml"
	pl := pipelineOf(t, map[string]string{meta: `
blocks:
- uuid: v1_parent
  configuration: {dynamic: true}
- uuid: v1_child
  upstream_blocks: [v1_parent]
- uuid: grandchild
  upstream_blocks: [v1_child]
- uuid: reducer
  configuration: {reduce_output: true}
  upstream_blocks: [v1_parent]
- uuid: after_reduce
  upstream_blocks: [reducer]
- uuid: v2_parent
  configuration:
    dynamic: {parent: [only_me], reduce_output: [reduced_child]}
- uuid: only_me
  upstream_blocks: [v2_parent]
- uuid: not_me
  upstream_blocks: [v2_parent]
- uuid: v2_all
  configuration:
    dynamic: {parent: true, reduce_output: [reduced_child]}
- uuid: reduced_child
  upstream_blocks: [v2_all]
- uuid: plain_yes
  configuration: {dynamic: yes}
- uuid: quoted_true
  configuration: {dynamic: "true"}
- uuid: tagged_str
  configuration: {dynamic: !!str true}
- uuid: mixed_case
  configuration: {dynamic: tRue}
- uuid: cycle_a
  upstream_blocks: [cycle_b]
- uuid: cycle_b
  upstream_blocks: [cycle_a]
- uuid: missing_upstream
  upstream_blocks: [nowhere]
`}, meta)
	parent := func(uuid string) string {
		b := pl.byUUID[uuid]
		require.NotNil(t, b, uuid)
		if p := pl.dynamicParent(b); p != nil {
			return p.UUID
		}
		return ""
	}
	assert.Equal(t, "v1_parent", parent("v1_child"))
	assert.Equal(t, "v1_parent", parent("grandchild"), "a child of a dynamic child is one too")
	assert.Equal(t, "v1_parent", parent("reducer"), "reduce_output reduces what the reducer hands on")
	assert.Equal(t, "", parent("after_reduce"))
	assert.Equal(t, "v2_parent", parent("only_me"))
	assert.Equal(t, "", parent("not_me"), "a parent list names the children it fans out")
	assert.Equal(t, "", parent("reduced_child"), "a v2 reduce_output list names the children it reduces for")
	assert.Equal(t, "", parent("v1_parent"), "a dynamic block is not its own child")
	assert.Equal(t, "", parent("cycle_a"))
	assert.Equal(t, "", parent("missing_upstream"))
	assert.True(t, pl.byUUID["v1_parent"].isDynamic())
	assert.True(t, pl.byUUID["v2_parent"].isDynamic())
	// Mage reads metadata.yaml with PyYAML (YAML 1.1) and accepts only
	// booleans.
	assert.True(t, pl.byUUID["plain_yes"].isDynamic())
	assert.False(t, pl.byUUID["quoted_true"].isDynamic())
	assert.False(t, pl.byUUID["tagged_str"].isDynamic())
	assert.False(t, pl.byUUID["mixed_case"].isDynamic())
	assert.Len(t, pl.ancestors(pl.byUUID["cycle_a"]), 1, "a cycle ends the walk")
}

func TestBlockCodeLocation(t *testing.T) {
	const meta = "mage/pipelines/train/metadata.yaml"
	pl := pipelineOf(t, map[string]string{
		meta: `
uuid: train
blocks:
- {uuid: load, type: data_loader}
- {uuid: fit, type: custom}
- {uuid: agg, type: transformer, language: sql}
- {uuid: shared, type: transformer, configuration: {file_path: mage/lib/shared.py}}
- {uuid: src, type: transformer, configuration: {file_source: {path: lib/from_source.py}}}
- {uuid: gone, type: data_exporter}
- {name: only_a_name, type: sensor}
- not a block
`,
		"mage/data_loaders/load.py":   "",
		"mage/custom/fit.py":          "",
		"mage/transformers/agg.sql":   "",
		"mage/lib/shared.py":          "",
		"mage/lib/from_source.py":     "",
		"mage/sensors/only_a_name.py": "",
	}, meta)
	assert.Equal(t, "train", pl.UUID)
	assert.Equal(t, "mage", pl.Project)
	got := map[string]string{}
	for _, b := range pl.Blocks {
		found := "missing"
		if b.Code != nil {
			found = b.Code.Path
		}
		got[b.UUID] = b.CodePath + " " + found
	}
	assert.Equal(t, map[string]string{
		"load":        "mage/data_loaders/load.py mage/data_loaders/load.py",
		"fit":         "mage/custom/fit.py mage/custom/fit.py",
		"agg":         "mage/transformers/agg.sql mage/transformers/agg.sql",
		"shared":      "mage/lib/shared.py mage/lib/shared.py",
		"src":         "mage/lib/from_source.py mage/lib/from_source.py",
		"gone":        "mage/data_exporters/gone.py missing",
		"only_a_name": "mage/sensors/only_a_name.py mage/sensors/only_a_name.py",
	}, got)
}

func TestTriggers(t *testing.T) {
	const meta = "pipelines/p/metadata.yaml"
	pl := pipelineOf(t, map[string]string{
		meta: "blocks: []\n",
		"pipelines/p/triggers.yaml": `
triggers:
- name: nightly
  schedule_type: time
  schedule_interval: '@daily'
- &api
  name: on_drift
  schedule_type: api
- <<: *api
  name: copy
- just a string
`,
	}, meta)
	assert.Equal(t, "", pl.Project, "a project at the repository root")
	require.Len(t, pl.Triggers, 3)
	assert.Equal(t, "time", pl.Triggers[0].ScheduleType)
	assert.Equal(t, "@daily", pl.Triggers[0].Interval)
	assert.Equal(t, "api", pl.Triggers[1].ScheduleType)
	assert.Equal(t, "api", pl.Triggers[2].ScheduleType, "merge keys apply")
	assert.Equal(t, "copy", pl.Triggers[2].Name)
}

// FuzzParsePipeline parses arbitrary Mage metadata and triggers (at most
// 4 KiB each, so the fuzzer keeps its rate) and walks the block graph.
func FuzzParsePipeline(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/src/*/pipeline/pipelines/*/metadata.yaml")
	for _, s := range seeds {
		if b, err := os.ReadFile(s); err == nil {
			f.Add(string(b), "triggers: [{schedule_type: api}]")
		}
	}
	f.Add("blocks: [{uuid: a, upstream_blocks: [a], configuration: {dynamic: {parent: [a]}}}]", "")
	f.Add("blocks: &b [*b]", "triggers: &t [*t]")
	f.Fuzz(func(t *testing.T, meta, triggers string) {
		if len(meta) > 4<<10 || len(triggers) > 4<<10 {
			return
		}
		repo, byPath := repoOf(map[string]string{
			"pipelines/p/metadata.yaml": meta,
			"pipelines/p/triggers.yaml": triggers,
		})
		pl, _ := parsePipeline(byPath["pipelines/p/metadata.yaml"], repo)
		if pl == nil {
			return
		}
		for _, b := range pl.Blocks {
			pl.dynamicParent(b)
			pl.ancestors(b)
			b.isDynamic()
			b.reducesFor(b.UUID)
			if b.UUIDNode != nil {
				pl.Stream.End(b.UUIDNode)
			}
		}
	})
}
