package manifest

import (
	"path"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/acrvet/acr/pass"
)

// Kustomize overlays are rendered as far as the memory review needs:
// strategic-merge patches (patchesStrategicMerge, and patches given by
// path) applied by kind, name and container name to the containers of the
// resources and bases in the repository, for image, env, resources and
// volumeMounts. A patch file is not a workload of its own. Not rendered:
// JSON 6902 patches, inline patches, patches of command and args,
// namePrefix and namespace rewrites, generators, components and remote
// bases.

// A kustomization is a kustomization.yaml: the resources it renders and
// the strategic-merge patches it applies to them.
type kustomization struct {
	path      string   // repo-relative path of the kustomization file
	dir       string   // its directory
	resources []string // repo-relative files and directories
	patches   []string // repo-relative strategic-merge patch files
}

// overlaySuffix follows the name of a container a Kustomize overlay
// patched, before the overlay's directory.
const overlaySuffix = " in the Kustomize overlay "

var kustomizationNames = []string{"kustomization.yaml", "kustomization.yml", "Kustomization"}

// kustomizations returns the kustomizations of the directories of the
// Kubernetes manifests, keyed by directory.
func (r *reader) kustomizations(files []*pass.File) map[string]*kustomization {
	out := map[string]*kustomization{}
	for _, f := range files {
		r.kustomizationAt(path.Dir(f.Path), out)
	}
	return out
}

// kustomizationAt reads the kustomization of a directory once, or nil.
func (r *reader) kustomizationAt(dir string, cache map[string]*kustomization) *kustomization {
	if k, done := cache[dir]; done {
		return k
	}
	cache[dir] = nil
	for _, name := range kustomizationNames {
		data, _, ok := r.readRelated(joinRel(dir, name))
		if !ok || len(data) > 1<<20 {
			continue
		}
		var doc struct {
			Resources             []string `yaml:"resources"`
			Bases                 []string `yaml:"bases"`
			PatchesStrategicMerge []string `yaml:"patchesStrategicMerge"`
			Patches               []struct {
				Path string `yaml:"path"`
			} `yaml:"patches"`
		}
		if yaml.Unmarshal(data, &doc) != nil {
			return nil
		}
		k := &kustomization{path: joinRel(dir, name), dir: dir}
		for _, res := range append(doc.Resources, doc.Bases...) {
			if !strings.Contains(res, "://") && !strings.HasPrefix(res, "github.com/") {
				k.resources = append(k.resources, joinRel(dir, res))
			}
		}
		for _, p := range doc.PatchesStrategicMerge {
			if !strings.Contains(p, "\n") {
				k.patches = append(k.patches, joinRel(dir, p))
			}
		}
		for _, p := range doc.Patches {
			if p.Path != "" {
				k.patches = append(k.patches, joinRel(dir, p.Path))
			}
		}
		cache[dir] = k
		return k
	}
	return nil
}

// renderKustomizations removes the workloads read from patch files and
// adds, for each kustomization that patches containers, the patched
// containers as workloads of their own.
func (r *reader) renderKustomizations(ks map[string]*kustomization) {
	patchFiles := map[string]bool{}
	for _, k := range ks {
		if k != nil {
			for _, p := range k.patches {
				patchFiles[p] = true
			}
		}
	}
	if len(patchFiles) == 0 {
		return
	}
	byFile := map[string][]*Workload{}
	patchesOf := map[string][]*Workload{}
	kept := r.res.Workloads[:0]
	for _, w := range r.res.Workloads {
		if w.Platform != Kubernetes {
			kept = append(kept, w)
			continue
		}
		if patchFiles[w.File.Path] {
			patchesOf[w.File.Path] = append(patchesOf[w.File.Path], w)
			continue
		}
		byFile[w.File.Path] = append(byFile[w.File.Path], w)
		kept = append(kept, w)
	}
	r.res.Workloads = kept
	dirs := make([]string, 0, len(ks))
	for dir, k := range ks {
		if k != nil && len(k.patches) > 0 {
			dirs = append(dirs, dir)
		}
	}
	sort.Strings(dirs)
	for _, dir := range dirs {
		for _, w := range r.render(ks[dir], ks, byFile, patchesOf, 0) {
			if len(w.Project) > 0 && w.Project[0] == ks[dir].path {
				r.res.Workloads = append(r.res.Workloads, w)
			}
		}
	}
}

// render returns the containers a kustomization produces: those of its
// resources, with its patches applied.
func (r *reader) render(k *kustomization, ks map[string]*kustomization, byFile, patchesOf map[string][]*Workload, depth int) []*Workload {
	if depth > 8 {
		return nil
	}
	var ws []*Workload
	for _, res := range k.resources {
		if sub := r.kustomizationAt(res, ks); sub != nil {
			ws = append(ws, r.render(sub, ks, byFile, patchesOf, depth+1)...)
			continue
		}
		ws = append(ws, byFile[res]...)
	}
	for _, p := range k.patches {
		for _, pw := range patchesOf[p] {
			for i, w := range ws {
				if w.Kind == pw.Kind && w.Service == pw.Service && w.Container == pw.Container && w.Init == pw.Init {
					ws[i] = r.patch(w, pw, k)
				}
			}
		}
	}
	return ws
}

// patch returns a container with a strategic-merge patch's container
// applied: image replaced, env merged by name (the patch's entries win),
// memory limit and request replaced, volumeMounts merged by mount path.
func (r *reader) patch(w, pw *Workload, k *kustomization) *Workload {
	m := *w
	m.Project = []string{k.path}
	name, _, _ := strings.Cut(w.Name, overlaySuffix)
	m.Name = name + overlaySuffix + k.dir
	if m.Dev == "" {
		m.Dev = r.devManifest(k.path)
	}
	if pw.Image != nil {
		m.Image = pw.Image
	}
	m.Env = append(append([]*EnvVar(nil), w.Env...), pw.Env...)
	if pw.MemLimit != nil && pw.MemLimit.From == "" {
		m.MemLimit = pw.MemLimit
	}
	if pw.MemRequest != nil && pw.MemRequest.From == "" {
		m.MemRequest = pw.MemRequest
	}
	m.Mounts = append([]*Mount(nil), w.Mounts...)
	for _, pm := range pw.Mounts {
		pm := *pm
		if pm.Type == OtherVolume {
			// The patch mounts a volume the base declares.
			for _, bm := range w.Mounts {
				if bm.Source == pm.Source || bm.Target == pm.Target {
					pm.Type, pm.Source = bm.Type, bm.Source
				}
			}
		}
		replaced := false
		for i, bm := range m.Mounts {
			if bm.Target == pm.Target {
				m.Mounts[i], replaced = &pm, true
			}
		}
		if !replaced {
			m.Mounts = append(m.Mounts, &pm)
		}
	}
	if w.kobj != nil {
		r.kubeLaunch(w.kobj, w.container, &m)
	}
	return &m
}
