package manifest

import (
	"bytes"
	"fmt"
	"go/token"
	"path"
	"slices"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/acrvet/acr/pass"
	"github.com/acrvet/acr/pass/yamlsrc"
)

// A cfile is a parsed Compose file.
type cfile struct {
	f        *pass.File
	s        *yamlsrc.Stream
	root     *yaml.Node
	dir      string // repo-relative directory
	external bool   // read from disk, outside the run: no reportable locations
	dev      string // why the whole file is for development, or ""
	services []string
	byName   map[string]*yaml.Node
	keys     map[string]*yaml.Node
	volumes  map[string]bool // top-level named volumes
	// tmpfsVolumes are top-level volumes the local driver keeps in memory
	// (driver_opts type: tmpfs).
	tmpfsVolumes map[string]bool
}

// baseNames are the files Compose loads by default, in its order of
// preference; overrideNames are loaded on top of them automatically.
var (
	baseNames     = []string{"compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml"}
	overrideNames = []string{"compose.override.yaml", "compose.override.yml", "docker-compose.override.yaml", "docker-compose.override.yml"}
)

func (r *reader) parseCompose(f *pass.File, external bool) *cfile {
	s, err := yamlsrc.Parse(f)
	if err != nil {
		if !external && !isTemplate(f.Content()) {
			r.pass.ReportSyntaxError(err)
		}
		if s == nil || len(s.Docs) == 0 {
			return nil
		}
	}
	cf := &cfile{f: f, s: s, dir: path.Dir(f.Path), external: external, dev: devFileReason(f.Path),
		byName: map[string]*yaml.Node{}, keys: map[string]*yaml.Node{}, volumes: map[string]bool{}, tmpfsVolumes: map[string]bool{}}
	for _, root := range s.Roots() {
		if root != nil && root.Kind == yaml.MappingNode {
			cf.root = root
			break
		}
	}
	if cf.root == nil {
		return cf
	}
	for _, p := range yamlsrc.MappingPairs(yamlsrc.Lookup(cf.root, "services")) {
		name := p.KeyString()
		if _, dup := cf.byName[name]; dup {
			continue
		}
		cf.services = append(cf.services, name)
		cf.byName[name] = yamlsrc.Resolve(p.Value)
		cf.keys[name] = p.Key
	}
	for _, p := range yamlsrc.MappingPairs(yamlsrc.Lookup(cf.root, "volumes")) {
		cf.volumes[p.KeyString()] = true
		// The local driver with type tmpfs keeps the volume in memory.
		if t, _ := yamlsrc.Scalar(yamlsrc.Lookup(p.Value, "driver_opts", "type")); t == "tmpfs" {
			cf.tmpfsVolumes[p.KeyString()] = true
		}
	}
	return cf
}

// isTemplate reports whether a file is a Helm or Go template rather than
// YAML: its syntax errors are not the manifest's.
func isTemplate(b []byte) bool { return bytes.Contains(b, []byte("{{")) }

// loc returns the range of a node, or an empty Loc for an external file.
func (cf *cfile) loc(n *yaml.Node) Loc {
	if cf.external || n == nil {
		return Loc{}
	}
	return Loc{File: cf.f, Start: cf.s.Offset(n), End: cf.s.End(n)}
}

// A project is the Compose files Compose would load together.
type project struct {
	files []*cfile
	env   map[string]string
	dir   string
}

func (r *reader) readCompose(files []*pass.File) {
	byDir := map[string][]*cfile{}
	var dirs []string
	for _, f := range files {
		cf := r.parseCompose(f, false)
		if cf == nil {
			continue
		}
		if _, ok := byDir[cf.dir]; !ok {
			dirs = append(dirs, cf.dir)
		}
		byDir[cf.dir] = append(byDir[cf.dir], cf)
	}
	sort.Strings(dirs)
	samples := sampleCollection(dirs)
	for _, dir := range dirs {
		started := r.startedForDev(dir)
		for _, cf := range byDir[dir] {
			if cf.dev == "" {
				cf.dev = started[cf.f.Path]
			}
			if cf.dev == "" {
				cf.dev = r.devReadme(dir)
			}
			if cf.dev == "" {
				cf.dev = samples[dir]
			}
			if cf.dev == "" {
				cf.dev = r.startedByCI(cf.f.Path)
			}
		}
		env := r.dotEnv(dir)
		fromEnv := composeFileVar(dir, env)
		explicit, envUsed := explicitProjects(byDir[dir], fromEnv, r.fileLists(dir))
		for _, files := range projects(byDir[dir], explicit, envUsed) {
			r.readProject(&project{files: files, env: env, dir: dir})
		}
	}
}

// projects groups the Compose files of one directory the way they are
// used: the lists a command or COMPOSE_FILE names (explicit), the base
// file with its automatic override unless COMPOSE_FILE replaces them
// (replaced), and every other file that no list names layered on the base
// when it only adds to the base's services (as with `-f compose.yaml -f
// compose.prod.yaml`), or on its own when it is complete.
func projects(files []*cfile, explicit [][]*cfile, replaced bool) [][]*cfile {
	listed := map[*cfile]bool{}
	for _, p := range explicit {
		for _, cf := range p[1:] {
			listed[cf] = true
		}
	}
	byName := map[string]*cfile{}
	for _, cf := range files {
		byName[path.Base(cf.f.Path)] = cf
	}
	var base, override *cfile
	for _, n := range baseNames {
		if cf := byName[n]; cf != nil && base == nil {
			base = cf
		}
	}
	for _, n := range overrideNames {
		if cf := byName[n]; cf != nil && override == nil {
			override = cf
		}
	}
	out := append([][]*cfile(nil), explicit...)
	if base != nil && !replaced {
		p := []*cfile{base}
		if override != nil {
			p = append(p, override)
		}
		if !containsProject(explicit, p) {
			out = append(out, p)
		}
	}
	for _, cf := range files {
		if cf == base || (cf == override && base != nil) || listed[cf] {
			continue
		}
		if base != nil && partial(cf, base) {
			out = append(out, []*cfile{base, cf})
			continue
		}
		out = append(out, []*cfile{cf})
	}
	return out
}

// containsProject reports whether ps holds the project p.
func containsProject(ps [][]*cfile, p []*cfile) bool {
	for _, q := range ps {
		if slices.Equal(q, p) {
			return true
		}
	}
	return false
}

// partial reports whether cf refines services of base: some service of cf
// exists in base and has neither image nor build of its own.
func partial(cf, base *cfile) bool {
	for _, name := range cf.services {
		n := cf.byName[name]
		if base.byName[name] != nil && yamlsrc.Lookup(n, "image") == nil && yamlsrc.Lookup(n, "build") == nil {
			return true
		}
	}
	return false
}

// dotEnv reads the .env of a Compose project directory. Compose reads it
// even when .gitignore hides it from the walk, so acr does too.
func (r *reader) dotEnv(dir string) map[string]string {
	data, _, ok := r.readRelated(joinRel(dir, ".env"))
	if !ok {
		return map[string]string{}
	}
	return parseDotEnv(data)
}

// field is a node of a service and the file it is in.
type field struct {
	n  *yaml.Node
	cf *cfile
}

type volItem struct {
	target string
	f      field
}

// svc is a service with its layers merged, before interpolation.
type svc struct {
	name     string
	key      field
	scalars  map[string]field
	envNodes []field // environment and env_file entries, read at the end
	ports    []field
	volumes  []volItem
	tmpfs    []field
	profiles []string
	// dependsOn names the services this one depends on or links to.
	dependsOn []string
	layers    []*cfile
}

func newSvc(name string) *svc { return &svc{name: name, scalars: map[string]field{}} }

// build returns the service name of cf with its extends chain applied.
func (r *reader) build(cf *cfile, name string, depth int) *svc {
	n := cf.byName[name]
	s := newSvc(name)
	if ext := yamlsrc.Lookup(n, "extends"); ext != nil && depth < 8 {
		baseName, file := "", ""
		if v, ok := yamlsrc.Scalar(ext); ok {
			baseName = v
		} else {
			baseName, _ = yamlsrc.Scalar(yamlsrc.Lookup(ext, "service"))
			file, _ = yamlsrc.Scalar(yamlsrc.Lookup(ext, "file"))
		}
		from := cf
		if file != "" {
			from = r.composeAt(joinRel(cf.dir, file))
		}
		if from != nil && from.byName[baseName] != nil && !(from == cf && baseName == name) {
			s = r.build(from, baseName, depth+1)
			s.name = name
		} else {
			r.problem(cf.loc(ext), nil, "extends", fmt.Sprintf("service %q extends %q, which acr cannot find", name, baseName))
		}
	}
	r.layer(s, n, cf)
	return s
}

// composeAt returns the Compose file at a repo-relative path, from the
// run or from disk.
func (r *reader) composeAt(rel string) *cfile {
	if f := r.repo.Lookup(rel); f != nil && f.Content() != nil {
		return r.parseCompose(f, false)
	}
	data, _, ok := r.readRelated(rel)
	if !ok {
		return nil
	}
	return r.parseCompose(pass.NewFile(token.NewFileSet(), rel, r.osPathOf(rel), pass.Compose, data, 0), true)
}

// layer applies one file's definition of a service on top of s, with
// Compose's merge rules: scalars replace, environment merges by name,
// ports and tmpfs append, volumes merge by target; !reset removes a field
// and !override replaces it.
func (r *reader) layer(s *svc, n *yaml.Node, cf *cfile) {
	s.layers = append(s.layers, cf)
	if key := cf.keys[s.name]; key != nil && (s.key.n == nil || !cf.external && s.key.cf.external) {
		s.key = field{key, cf}
	}
	for _, p := range yamlsrc.MappingPairs(n) {
		k := p.KeyString()
		v := p.Value
		reset := yamlsrc.HasTag(v, "!reset")
		override := yamlsrc.HasTag(v, "!override")
		fv := field{v, cf}
		switch k {
		case "image", "command", "entrypoint", "mem_limit", "mem_reservation", "network_mode", "build":
			if reset {
				delete(s.scalars, k)
			} else {
				s.scalars[k] = fv
			}
		case "deploy":
			for _, sub := range []struct{ key, path string }{
				{"deploy.limits", "limits"}, {"deploy.reservations", "reservations"},
			} {
				mem := yamlsrc.Lookup(v, "resources", sub.path, "memory")
				switch {
				case reset:
					delete(s.scalars, sub.key)
				case mem != nil:
					s.scalars[sub.key] = field{mem, cf}
				}
			}
		case "environment", "env_file":
			if reset || override {
				// Both fields feed one environment: resetting one keeps
				// the other's entries.
				kept := s.envNodes[:0:0]
				for _, e := range s.envNodes {
					if e.n.Tag != k {
						kept = append(kept, e)
					}
				}
				s.envNodes = kept
			}
			if !reset {
				s.envNodes = append(s.envNodes, field{&yaml.Node{Kind: yaml.SequenceNode, Tag: k, Content: []*yaml.Node{v}}, cf})
			}
		case "ports":
			if reset || override {
				s.ports = nil
			}
			if !reset {
				for _, it := range yamlsrc.Items(v) {
					s.ports = append(s.ports, field{it, cf})
				}
			}
		case "volumes":
			if reset || override {
				s.volumes = nil
			}
			if reset {
				continue
			}
			for _, it := range yamlsrc.Items(v) {
				t := volumeTarget(it)
				replaced := false
				for i := range s.volumes {
					if t != "" && s.volumes[i].target == t {
						s.volumes[i] = volItem{t, field{it, cf}}
						replaced = true
					}
				}
				if !replaced {
					s.volumes = append(s.volumes, volItem{t, field{it, cf}})
				}
			}
		case "tmpfs":
			if reset || override {
				s.tmpfs = nil
			}
			if reset {
				continue
			}
			if sv, ok := yamlsrc.Scalar(v); ok && sv != "" {
				s.tmpfs = append(s.tmpfs, fv)
			}
			for _, it := range yamlsrc.Items(v) {
				s.tmpfs = append(s.tmpfs, field{it, cf})
			}
		case "depends_on", "links":
			for _, it := range yamlsrc.Items(v) {
				if name, ok := yamlsrc.Scalar(it); ok {
					name, _, _ = strings.Cut(name, ":") // links: service:alias
					s.dependsOn = append(s.dependsOn, name)
				}
			}
			for _, pr := range yamlsrc.MappingPairs(v) {
				s.dependsOn = append(s.dependsOn, pr.KeyString())
			}
		case "profiles":
			s.profiles = nil
			for _, it := range yamlsrc.Items(v) {
				if pv, ok := yamlsrc.Scalar(it); ok {
					s.profiles = append(s.profiles, pv)
				}
			}
		}
	}
}

// volumeTarget returns the container path of a volumes entry, for merging.
func volumeTarget(n *yaml.Node) string {
	if v, ok := yamlsrc.Scalar(n); ok {
		parts := splitVolume(v)
		switch len(parts) {
		case 1:
			return parts[0]
		default:
			return parts[1]
		}
	}
	t, _ := yamlsrc.Scalar(yamlsrc.Lookup(n, "target"))
	return t
}

// splitVolume splits the short volume syntax SOURCE:TARGET[:MODE],
// keeping a Windows drive letter with its path.
func splitVolume(v string) []string {
	var parts []string
	for len(v) > 0 {
		i := strings.IndexByte(v, ':')
		if i < 0 {
			parts = append(parts, v)
			break
		}
		// C:\ or C:/ is a drive letter, not a separator.
		if i == 1 && len(v) > 2 && (v[2] == '\\' || v[2] == '/') && isLetter(v[0]) {
			j := strings.IndexByte(v[2:], ':')
			if j < 0 {
				parts = append(parts, v)
				break
			}
			i = j + 2
		}
		parts = append(parts, v[:i])
		v = v[i+1:]
	}
	return parts
}

func (r *reader) readProject(p *project) {
	var names []string
	seen := map[string]bool{}
	for _, cf := range p.files {
		for _, n := range cf.services {
			if !seen[n] {
				seen[n] = true
				names = append(names, n)
			}
		}
	}
	var projectNames []string
	for _, cf := range p.files {
		projectNames = append(projectNames, cf.f.Path)
	}
	var built []*Workload
	deps := map[string][]string{}
	for _, name := range names {
		var s *svc
		for _, cf := range p.files {
			if cf.byName[name] == nil {
				continue
			}
			if s == nil {
				s = r.build(cf, name, 0)
			} else {
				r.layer(s, cf.byName[name], cf)
			}
		}
		w := r.composeWorkload(p, s)
		w.Project = projectNames
		r.res.Workloads = append(r.res.Workloads, w)
		built = append(built, w)
		deps[name] = s.dependsOn
	}
	dev := devBuild(built)
	if dev == "" {
		dev = devLaunch(built)
	}
	for _, w := range built {
		w.Reached = reached(w.Service, built, deps)
		if w.Dev == "" {
			w.Dev = dev
		}
	}
}

// reached reports whether another service of the project depends on the
// named one, links to it, or names it as a host in its environment.
func reached(name string, ws []*Workload, deps map[string][]string) bool {
	for _, o := range ws {
		if o.Service == name || isAdminTool(o) {
			continue
		}
		for _, d := range deps[o.Service] {
			if d == name {
				return true
			}
		}
		for _, e := range o.Env {
			if e.Value != nil && namesHost(e.Value.Text, name) {
				return true
			}
		}
	}
	return false
}

// namesHost reports whether a value names host as a whole word in a host
// position: the value itself, after // or @, before : or /.
func namesHost(v, host string) bool {
	for i := strings.Index(v, host); i >= 0; {
		end := i + len(host)
		before := i == 0 || strings.ContainsRune("/@=, ", rune(v[i-1]))
		after := end == len(v) || strings.ContainsRune(":/,; ", rune(v[end]))
		if before && after {
			return true
		}
		j := strings.Index(v[end:], host)
		if j < 0 {
			break
		}
		i = end + j
	}
	return false
}

// value reads a scalar node of cf as a Compose value, interpolated with
// the project's environment.
func (p *project) value(f field) *Value {
	n := yamlsrc.Resolve(f.n)
	if n == nil || n.Kind != yaml.ScalarNode || n.ShortTag() == "!!null" {
		return nil
	}
	v := &Value{Raw: n.Value, Loc: f.cf.loc(n), rawStart: -1}
	if !f.cf.external {
		v.rawStart = scalarStart(n, v.Loc.Start, f.cf.f.Content())
	}
	in := interpolate(n.Value, p.env)
	v.Text, v.Refs, v.Unresolved = in.text, in.refs, in.unresolved
	return v
}

func (r *reader) composeWorkload(p *project, s *svc) *Workload {
	last := s.key.cf
	if last == nil {
		last = s.layers[len(s.layers)-1]
	}
	w := &Workload{Platform: Compose, Name: fmt.Sprintf("service %q", s.name), Service: s.name, File: last.f, Loc: last.loc(s.key.n)}
	if last.external {
		// The service is defined only outside the run: report at the file
		// of the run that uses it.
		w.File = p.files[0].f
		w.Loc = Loc{File: p.files[0].f}
	}
	if f, ok := s.scalars["image"]; ok {
		w.Image = p.value(f)
	}
	if only := s.layers; len(only) > 0 && allDev(only) {
		w.Dev = only[0].dev
	}
	w.Profiles = s.profiles
	for _, pr := range s.profiles {
		if devProfiles[strings.ToLower(pr)] {
			w.Dev = "profile " + pr
		}
	}

	var img *imageInfo
	if f, ok := s.scalars["build"]; ok {
		img = r.composeBuild(p, f, w)
	}
	if img == nil && w.Image != nil {
		img = knownImage(w.Image.Text)
	}
	if img != nil {
		w.Env = append(w.Env, img.env...)
		if img.base != "" {
			w.BaseImage = img.base
		}
	}
	r.composeEnv(p, s, w)

	w.MemLimit = p.quantity(s.scalars, "mem_limit")
	w.MemLimitDeploy = p.quantity(s.scalars, "deploy.limits")
	w.MemRequest = p.quantity(s.scalars, "mem_reservation")
	if w.MemRequest == nil {
		w.MemRequest = p.quantity(s.scalars, "deploy.reservations")
	}
	if w.MemLimit != nil && w.MemLimitDeploy != nil && w.MemLimit.Err == "" && w.MemLimitDeploy.Err == "" &&
		w.MemLimit.Bytes != w.MemLimitDeploy.Bytes {
		r.problem(w.MemLimitDeploy.Value.Loc, w, "conflicting-limits", fmt.Sprintf(
			"%s sets mem_limit %s and deploy.resources.limits.memory %s: Compose refuses a service whose two memory limits differ; keep one",
			w.Name, w.MemLimit.Value.Text, w.MemLimitDeploy.Value.Text))
	}
	if f, ok := s.scalars["network_mode"]; ok {
		w.NetworkMode = p.value(f)
		if w.NetworkMode != nil && (strings.HasPrefix(w.NetworkMode.Text, "service:") || strings.HasPrefix(w.NetworkMode.Text, "container:")) {
			w.SharedNetwork = true
		}
	}
	for _, pf := range s.ports {
		w.Ports = append(w.Ports, p.ports(pf, w)...)
	}
	for _, vi := range s.volumes {
		if m := p.mount(vi.f); m != nil {
			w.Mounts = append(w.Mounts, m)
		}
	}
	for _, tf := range s.tmpfs {
		if v := p.value(tf); v != nil {
			target, _, _ := strings.Cut(v.Text, ":")
			w.Mounts = append(w.Mounts, &Mount{Loc: v.Loc, Type: Tmpfs, Target: target})
		}
	}
	r.composeLaunch(p, s, w, img)
	return w
}

func allDev(files []*cfile) bool {
	for _, cf := range files {
		if cf.dev == "" {
			return false
		}
	}
	return true
}

func (p *project) quantity(fields map[string]field, key string) *Quantity {
	f, ok := fields[key]
	if !ok {
		return nil
	}
	v := p.value(f)
	if v == nil {
		return nil
	}
	q := &Quantity{Value: v}
	if !v.Known() {
		q.Err = "depends on " + strings.Join(v.Unresolved, ", ") + ", which no .env sets"
		return q
	}
	b, err := ParseComposeBytes(v.Text)
	if err != nil {
		q.Err = err.Error()
	}
	q.Bytes = b
	return q
}

// composeBuild resolves the Dockerfile a service builds.
func (r *reader) composeBuild(p *project, f field, w *Workload) *imageInfo {
	ctx, dockerfileName, target := ".", "Dockerfile", ""
	if v := p.value(f); v != nil {
		ctx = v.Text
	} else {
		if v := p.value(field{yamlsrc.Lookup(f.n, "context"), f.cf}); v != nil {
			ctx = v.Text
		}
		if v := p.value(field{yamlsrc.Lookup(f.n, "dockerfile"), f.cf}); v != nil {
			dockerfileName = v.Text
		}
		if v := p.value(field{yamlsrc.Lookup(f.n, "target"), f.cf}); v != nil {
			target = v.Text
		}
		if yamlsrc.Lookup(f.n, "dockerfile_inline") != nil {
			return nil
		}
	}
	if strings.Contains(ctx, "://") || strings.HasPrefix(ctx, "git@") {
		return nil // a remote context
	}
	ctxRel := joinRel(f.cf.dir, ctx)
	dfRel := joinRel(ctxRel, dockerfileName)
	b := &Build{Loc: f.cf.loc(f.n), Context: ctxRel, Dockerfile: dfRel, Target: target}
	w.Build = b
	df, external, ok := r.loadDockerfile(dfRel, r.osPathOf(dfRel))
	if !ok {
		return nil
	}
	if !external {
		b.File = df.File
	}
	return dockerImage(df, target, external)
}

// composeEnv reads env_file and environment entries in order.
func (r *reader) composeEnv(p *project, s *svc, w *Workload) {
	for _, en := range s.envNodes {
		node := en.n.Content[0]
		cf := en.cf
		if en.n.Tag == "env_file" {
			var paths []field
			if _, ok := yamlsrc.Scalar(node); ok {
				paths = append(paths, field{node, cf})
			}
			for _, it := range yamlsrc.Items(node) {
				if _, ok := yamlsrc.Scalar(it); ok {
					paths = append(paths, field{it, cf})
				} else if pn := yamlsrc.Lookup(it, "path"); pn != nil {
					paths = append(paths, field{pn, cf})
				}
			}
			for _, pf := range paths {
				pv := p.value(pf)
				if pv == nil {
					continue
				}
				r.envFile(joinRel(cf.dir, pv.Text), pv, w)
			}
			continue
		}
		if pairs := yamlsrc.MappingPairs(node); pairs != nil {
			for _, pr := range pairs {
				e := &EnvVar{Name: pr.KeyString(), Source: "environment", Loc: cf.loc(pr.Key)}
				e.Value = p.value(field{pr.Value, cf})
				if e.Value == nil && !yamlsrc.IsNull(pr.Value) {
					continue
				}
				w.Env = append(w.Env, e)
			}
			continue
		}
		for _, it := range yamlsrc.Items(node) {
			v := p.value(field{it, cf})
			if v == nil {
				continue
			}
			// NAME=value, or NAME alone to pass the host's value.
			name, _, hasValue := strings.Cut(v.Raw, "=")
			e := &EnvVar{Name: name, Source: "environment", Loc: v.Sub(0, len(name))}
			if hasValue {
				rawVal := v.Raw[len(name)+1:]
				in := interpolate(rawVal, p.env)
				ev := &Value{Raw: rawVal, Text: in.text, Refs: in.refs, Unresolved: in.unresolved, Loc: v.Loc, rawStart: -1}
				if v.rawStart >= 0 {
					ev.rawStart = v.rawStart + len(name) + 1
					ev.Loc = v.Sub(len(name)+1, len(v.Raw))
				}
				e.Value = ev
			}
			w.Env = append(w.Env, e)
		}
	}
}

// envFile adds the variables of an env_file.
func (r *reader) envFile(rel string, ref *Value, w *Workload) {
	data, f, ok := r.readRelated(rel)
	if !ok {
		return
	}
	for _, e := range dotEnvEntries(data) {
		ev := &EnvVar{Name: e.key, Source: "env_file " + rel, Loc: ref.Loc}
		v := &Value{Raw: e.value, Text: e.value, Loc: ref.Loc, rawStart: -1}
		if f != nil {
			v.Loc = Loc{File: f, Start: e.valStart, End: e.valEnd}
			ev.Loc = Loc{File: f, Start: e.keyStart, End: e.keyEnd}
			if e.exact {
				v.rawStart = e.valStart
			}
		}
		ev.Value = v
		w.Env = append(w.Env, ev)
	}
}

// ports reads one ports entry, short or long syntax.
func (p *project) ports(f field, w *Workload) []*Port {
	dev := f.cf.dev
	if w.Dev != "" {
		dev = w.Dev
	}
	if v := p.value(f); v != nil {
		pt := parseShortPort(v.Text)
		pt.Loc, pt.Raw, pt.Dev = v.Loc, v.Raw, dev
		return []*Port{pt}
	}
	n := yamlsrc.Resolve(f.n)
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	pt := &Port{Loc: f.cf.loc(n), Publishes: true, Dev: dev}
	if v := p.value(field{yamlsrc.Lookup(n, "target"), f.cf}); v != nil {
		pt.Target = v.Text
	}
	if v := p.value(field{yamlsrc.Lookup(n, "published"), f.cf}); v != nil {
		pt.Published = v.Text
	}
	if v := p.value(field{yamlsrc.Lookup(n, "host_ip"), f.cf}); v != nil {
		pt.HostIP = v.Text
	}
	pt.Raw = fmt.Sprintf("target %s", pt.Target)
	return []*Port{pt}
}

// parseShortPort reads [HOST_IP:][HOST:]CONTAINER[/PROTOCOL], with IPv6
// host addresses in brackets.
func parseShortPort(s string) *Port {
	pt := &Port{Publishes: true}
	s, _, _ = strings.Cut(s, "/")
	if strings.HasPrefix(s, "[") {
		if end := strings.Index(s, "]"); end > 0 {
			pt.HostIP = s[1:end]
			s = strings.TrimPrefix(s[end+1:], ":")
		}
	}
	parts := strings.Split(s, ":")
	switch len(parts) {
	case 1:
		pt.Target = parts[0]
	case 2:
		pt.Published, pt.Target = parts[0], parts[1]
	default:
		if pt.HostIP == "" {
			pt.HostIP = strings.Join(parts[:len(parts)-2], ":")
		}
		pt.Published, pt.Target = parts[len(parts)-2], parts[len(parts)-1]
	}
	return pt
}

// mount reads one volumes entry, short or long syntax.
func (p *project) mount(f field) *Mount {
	cf := f.cf
	if v := p.value(f); v != nil {
		parts := splitVolume(v.Text)
		m := &Mount{Loc: v.Loc, Unresolved: v.Unresolved}
		if len(parts) == 1 {
			m.Type, m.Target = AnonymousVolume, parts[0]
			return m
		}
		m.Source, m.Target = parts[0], parts[1]
		if len(parts) > 2 {
			for _, opt := range strings.Split(parts[2], ",") {
				m.ReadOnly = m.ReadOnly || opt == "ro"
			}
		}
		if isHostPath(m.Source) {
			m.Type = BindMount
		} else {
			m.Type = NamedVolume
			m.Declared = p.declared(m.Source)
			m.InMemory = p.inMemory(m.Source)
		}
		return m
	}
	n := yamlsrc.Resolve(f.n)
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	m := &Mount{Loc: cf.loc(n)}
	typ, _ := yamlsrc.Scalar(yamlsrc.Lookup(n, "type"))
	if ro, _ := yamlsrc.Scalar(yamlsrc.Lookup(n, "read_only")); ro == "true" {
		m.ReadOnly = true
	}
	if v := p.value(field{yamlsrc.Lookup(n, "source"), cf}); v != nil {
		m.Source = v.Text
	}
	if v := p.value(field{yamlsrc.Lookup(n, "target"), cf}); v != nil {
		m.Target = v.Text
		m.Unresolved = v.Unresolved
	}
	switch typ {
	case "bind":
		m.Type = BindMount
	case "tmpfs":
		m.Type = Tmpfs
	case "volume", "":
		if m.Source == "" {
			m.Type = AnonymousVolume
		} else {
			m.Type = NamedVolume
			m.Declared = p.declared(m.Source)
			m.InMemory = p.inMemory(m.Source)
		}
	default:
		m.Type = OtherVolume
	}
	return m
}

// inMemory reports whether the last file that declares a named volume
// keeps it in memory.
func (p *project) inMemory(name string) bool {
	for i := len(p.files) - 1; i >= 0; i-- {
		if p.files[i].volumes[name] {
			return p.files[i].tmpfsVolumes[name]
		}
	}
	return false
}

func (p *project) declared(name string) bool {
	for _, cf := range p.files {
		if cf.volumes[name] {
			return true
		}
	}
	return false
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// isHostPath reports whether a short-syntax volume source is a host path
// (a bind mount) rather than a volume name.
func isHostPath(s string) bool {
	return strings.HasPrefix(s, "/") || strings.HasPrefix(s, ".") || strings.HasPrefix(s, "~") ||
		strings.HasPrefix(s, "$") || strings.Contains(s, "/") || strings.Contains(s, `\`) ||
		len(s) > 1 && s[1] == ':' && isLetter(s[0])
}

// composeLaunch works out the container's command: Compose's entrypoint
// and command where set, the image's otherwise.
func (r *reader) composeLaunch(p *project, s *svc, w *Workload, img *imageInfo) {
	var argv []*Value
	known := true
	from := []string{}
	epField, epSet := s.scalars["entrypoint"]
	cmdField, cmdSet := s.scalars["command"]
	switch {
	case epSet:
		argv = append(argv, p.argv(epField)...)
		from = append(from, "entrypoint")
	case img != nil && img.entrypointSet:
		argv = append(argv, img.entrypoint...)
		from = append(from, img.from)
	case img == nil || !img.known:
		// The image's ENTRYPOINT is unknown; without a command of our own
		// nothing is known.
		known = cmdSet
	}
	switch {
	case cmdSet:
		argv = append(argv, p.argv(cmdField)...)
		from = append(from, "command")
	case epSet:
		// Overriding the entrypoint clears the image's CMD.
	case img != nil && img.cmdSet:
		argv = append(argv, img.cmd...)
		from = append(from, img.from)
	}
	w.Launch = analyzeLaunch(argv, known && len(argv) > 0, strings.Join(from, " and "), w.lookup, false)
}

// argv reads a Compose command or entrypoint: a list, or a string Compose
// splits into words (without a shell).
func (p *project) argv(f field) []*Value {
	n := yamlsrc.Resolve(f.n)
	if n == nil {
		return nil
	}
	if n.Kind == yaml.SequenceNode {
		var out []*Value
		for _, it := range n.Content {
			if v := p.value(field{it, f.cf}); v != nil {
				out = append(out, v)
			}
		}
		return out
	}
	v := p.value(f)
	if v == nil {
		return nil
	}
	var out []*Value
	for _, t := range shellWords(v.Raw) {
		in := interpolate(t.text, p.env)
		wv := &Value{Raw: t.text, Text: in.text, Refs: shiftRefs(in.refs, t.start), Unresolved: in.unresolved, Loc: v.Sub(t.start, t.end), rawStart: -1}
		if v.rawStart >= 0 && t.end-t.start == len(t.text) {
			wv.rawStart = v.rawStart + t.start
		}
		out = append(out, wv)
	}
	return out
}

func shiftRefs(refs []VarRef, by int) []VarRef {
	out := make([]VarRef, len(refs))
	for i, r := range refs {
		r.Start += by
		r.End += by
		out[i] = r
	}
	return out
}

// dotEntry is one line of a .env file with its ranges.
type dotEntry struct {
	key, value       string
	keyStart, keyEnd int
	valStart, valEnd int
	exact            bool // value is the file's text at valStart
}

// dotEnvEntries reads KEY=VALUE lines with their offsets, for env_file
// values a pass may point at. Quoted values lose their quotes.
func dotEnvEntries(src []byte) []dotEntry {
	var out []dotEntry
	off := 0
	for _, line := range strings.SplitAfter(string(src), "\n") {
		start := off
		off += len(line)
		body := strings.TrimRight(line, "\r\n")
		trimmed := strings.TrimLeft(body, " \t")
		lead := len(body) - len(trimmed)
		if trimmed == "" || trimmed[0] == '#' {
			continue
		}
		if strings.HasPrefix(trimmed, "export ") {
			trimmed = trimmed[7:]
			lead += 7
		}
		k, v, ok := strings.Cut(trimmed, "=")
		if !ok {
			continue
		}
		e := dotEntry{key: strings.TrimSpace(k), keyStart: start + lead, keyEnd: start + lead + len(strings.TrimRight(k, " \t"))}
		vs := start + lead + len(k) + 1
		v = strings.TrimRight(v, " \t")
		if i := strings.Index(v, " #"); i >= 0 && !strings.HasPrefix(v, `"`) && !strings.HasPrefix(v, "'") {
			v = strings.TrimRight(v[:i], " \t")
		}
		e.valStart, e.valEnd = vs, vs+len(v)
		if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0] {
			e.value = v[1 : len(v)-1]
		} else {
			e.value = v
			e.exact = true
		}
		if e.key != "" {
			out = append(out, e)
		}
	}
	return out
}
