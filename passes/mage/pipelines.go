package mage

import (
	"path"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"

	"github.com/acrvet/acr/pass"
)

// A Mage project lists the blocks each pipeline runs in
// pipelines/<pipeline>/metadata.yaml. A block file that no pipeline of its
// project names runs in no pipeline: a leftover of a removed pipeline or
// a draft. What it does is worth a note, not a finding: nobody runs it.
// A project whose pipelines cannot be read (none, or none names a block)
// proves nothing, and every block of it is judged.

// blockDirs are the directories of a Mage project that hold block files
// by type.
var blockDirs = map[string]bool{
	"transformers": true, "data_loaders": true, "data_exporters": true, "custom": true, "sensors": true,
	"scratchpads": true, "callbacks": true, "conditionals": true,
}

// projects knows, per Mage project directory, the blocks its pipelines
// name, read once.
type projects struct {
	once sync.Once
	// used maps a project directory to the block names (uuids, and file
	// paths under the project without .py) its pipelines list; a project
	// is absent when none of its pipelines lists a block.
	used map[string]map[string]bool
}

func (ps *projects) load(repo *pass.Repo) {
	ps.used = map[string]map[string]bool{}
	if repo == nil {
		return
	}
	for _, f := range repo.Files() {
		dir, ok := pipelineProject(f.Path)
		if !ok {
			continue
		}
		data, err := f.ReadFile()
		if err != nil || len(data) > 1<<20 {
			continue
		}
		var meta struct {
			Blocks []struct {
				UUID          string `yaml:"uuid"`
				Configuration struct {
					FilePath   string `yaml:"file_path"`
					FileSource struct {
						Path string `yaml:"path"`
					} `yaml:"file_source"`
				} `yaml:"configuration"`
			} `yaml:"blocks"`
		}
		if yaml.Unmarshal(data, &meta) != nil {
			continue
		}
		for _, b := range meta.Blocks {
			for _, name := range []string{b.UUID, b.Configuration.FilePath, b.Configuration.FileSource.Path} {
				if name == "" {
					continue
				}
				if ps.used[dir] == nil {
					ps.used[dir] = map[string]bool{}
				}
				ps.used[dir][strings.TrimSuffix(name, ".py")] = true
			}
		}
	}
}

// pipelineProject returns the project directory of a pipeline's
// metadata.yaml (DIR/pipelines/NAME/metadata.yaml).
func pipelineProject(p string) (string, bool) {
	if path.Base(p) != "metadata.yaml" {
		return "", false
	}
	pipelineDir := path.Dir(p)
	pipelines := path.Dir(pipelineDir)
	if path.Base(pipelines) != "pipelines" || pipelineDir == pipelines {
		return "", false
	}
	return path.Dir(pipelines), true
}

// unused returns why the block file at p runs in no pipeline, or "": its
// project's pipelines list blocks, and none names this one, by uuid (the
// file's name, or its path under the block directory) or by file path.
func (ps *projects) unused(repo *pass.Repo, p string) string {
	ps.once.Do(func() { ps.load(repo) })
	segs := strings.Split(p, "/")
	for i := len(segs) - 2; i >= 0; i-- {
		if !blockDirs[segs[i]] {
			continue
		}
		dir := strings.Join(segs[:i], "/")
		if dir == "" {
			dir = "."
		}
		used := ps.used[dir]
		if used == nil {
			return ""
		}
		underType := strings.TrimSuffix(strings.Join(segs[i+1:], "/"), ".py")
		inProject := strings.TrimSuffix(strings.Join(segs[i:], "/"), ".py")
		name := strings.TrimSuffix(segs[len(segs)-1], ".py")
		for _, k := range []string{underType, inProject, name} {
			if used[k] {
				return ""
			}
		}
		for k := range used {
			if strings.HasSuffix(k, "/"+inProject) {
				return ""
			}
		}
		return " (a note: no pipeline of the project in " + dir + " lists this block in its metadata.yaml, so nothing runs it)"
	}
	return ""
}
