package manifest

import (
	"go/token"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/acrvet/acr/pass"
	"github.com/acrvet/acr/pass/dockerfile"
)

// imageInfo is what an image does when the manifest does not say:
// its ENTRYPOINT, CMD and ENV, and the image it is built on.
type imageInfo struct {
	entrypoint, cmd []*Value
	// entrypointSet and cmdSet say whether the image defines them; known
	// is false when an ancestor acr cannot see might.
	entrypointSet, cmdSet bool
	known                 bool
	env                   []*EnvVar
	base                  string
	from                  string
}

// knownImages are images whose start command acr knows without a
// Dockerfile. H2O's Kubernetes image starts the JVM itself with half of
// the container memory as heap and reads no JAVA_OPTS.
var knownImages = []struct {
	repo       string
	entrypoint []string
}{
	{"h2oai/h2o-open-source-k8s", []string{"/bin/bash", "-c", "java -XX:+UseContainerSupport -XX:MaxRAMPercentage=50 -jar /opt/h2oai/h2o-3/h2o.jar"}},
}

// ImageRepo returns an image reference without registry host, tag or
// digest, and without Docker Hub's library/ prefix: "postgres",
// "bitnami/postgresql", "h2oai/h2o-open-source-k8s".
func ImageRepo(ref string) string {
	ref = strings.TrimSpace(ref)
	if i := strings.Index(ref, "@"); i >= 0 {
		ref = ref[:i]
	}
	if i := strings.LastIndex(ref, ":"); i >= 0 && !strings.Contains(ref[i:], "/") {
		ref = ref[:i]
	}
	parts := strings.Split(ref, "/")
	if len(parts) > 1 && (strings.ContainsAny(parts[0], ".:") || parts[0] == "localhost") {
		parts = parts[1:]
	}
	if len(parts) > 1 && parts[0] == "library" {
		parts = parts[1:]
	}
	return strings.ToLower(strings.Join(parts, "/"))
}

// ImageTag returns the tag of an image reference, "" if none.
func ImageTag(ref string) string {
	if i := strings.Index(ref, "@"); i >= 0 {
		ref = ref[:i]
	}
	if i := strings.LastIndex(ref, ":"); i >= 0 && !strings.Contains(ref[i:], "/") {
		return ref[i+1:]
	}
	return ""
}

func knownImage(ref string) *imageInfo {
	repo := ImageRepo(ref)
	for _, k := range knownImages {
		if repo == k.repo {
			info := &imageInfo{known: true, entrypointSet: true, base: ref, from: "the default command of image " + repo}
			for _, a := range k.entrypoint {
				info.entrypoint = append(info.entrypoint, &Value{Raw: a, Text: a, rawStart: -1})
			}
			return info
		}
	}
	return nil
}

// dockerImage returns what the stage target (the last one if empty) of a
// parsed Dockerfile defines. external means the file is not in the run,
// so its locations cannot be reported.
func dockerImage(df *dockerfile.File, target string, external bool) *imageInfo {
	st := df.Final()
	if target != "" {
		if s := df.Stage(target); s != nil {
			st = s
		}
	}
	if st == nil {
		return nil
	}
	return stageImage(df, st, external, 0)
}

func stageImage(df *dockerfile.File, st *dockerfile.Stage, external bool, depth int) *imageInfo {
	var info *imageInfo
	if parent := stageByRef(df, st.Image, st.Index); parent != nil && depth < 16 {
		p := stageImage(df, parent, external, depth+1)
		info = &imageInfo{}
		*info = *p
		info.env = append([]*EnvVar(nil), p.env...)
	} else if k := knownImage(st.Image); k != nil {
		info = k
	} else {
		// An image acr cannot see: it may set ENTRYPOINT and ENV. Most
		// base images either set no ENTRYPOINT or one that execs its
		// arguments, so a CMD of this Dockerfile is taken as the command.
		info = &imageInfo{base: st.Image}
	}
	f := df.File
	loc := func(start, end int) Loc {
		if external {
			return Loc{}
		}
		return Loc{File: f, Start: start, End: end}
	}
	for _, in := range st.Instructions {
		switch in.Cmd {
		case "ENV":
			for _, kv := range in.KeyValues {
				v := &Value{Raw: kv.Value, Text: kv.Value, Loc: loc(kv.ValueStart, kv.ValueEnd), rawStart: -1}
				if !external && kv.ValueEnd-kv.ValueStart == len(kv.Value) && string(f.Content()[kv.ValueStart:kv.ValueEnd]) == kv.Value {
					v.rawStart = kv.ValueStart
				} else if !external && kv.ValueEnd-kv.ValueStart == len(kv.Value)+2 && string(f.Content()[kv.ValueStart+1:kv.ValueEnd-1]) == kv.Value {
					v.rawStart = kv.ValueStart + 1
				}
				info.env = append(info.env, &EnvVar{Name: kv.Key, Value: v, Source: "Dockerfile ENV", Loc: loc(kv.KeyStart, kv.KeyEnd)})
			}
		case "ENTRYPOINT":
			info.entrypoint = instructionArgv(in, loc, external)
			info.entrypointSet = true
			// An ENTRYPOINT resets the CMD inherited from the base image.
			info.cmd, info.cmdSet = nil, false
			info.known = true
			info.from = "the Dockerfile"
		case "CMD":
			info.cmd = instructionArgv(in, loc, external)
			info.cmdSet = true
			info.known = true
			info.from = "the Dockerfile"
		}
	}
	return info
}

// stageByRef returns the earlier stage a FROM names, by name or index.
func stageByRef(df *dockerfile.File, ref string, before int) *dockerfile.Stage {
	if s := df.Stage(ref); s != nil && s.Index < before {
		return s
	}
	if n, err := strconv.Atoi(ref); err == nil && n >= 0 && n < before {
		return df.Stages[n]
	}
	return nil
}

// instructionArgv returns the argv of a CMD or ENTRYPOINT: the exec form's
// elements, or /bin/sh -c and the shell form's text.
func instructionArgv(in *dockerfile.Instruction, loc func(int, int) Loc, external bool) []*Value {
	if in.JSON {
		out := make([]*Value, len(in.Exec))
		for i, w := range in.Exec {
			v := &Value{Raw: w.Value, Text: w.Value, Loc: loc(w.Start, w.End), rawStart: -1}
			if !external && len(w.Raw) == len(w.Value)+2 {
				v.rawStart = w.Start + 1
			}
			out[i] = v
		}
		return out
	}
	argsAt := len(in.Text) - len(in.Args)
	script := strings.TrimRight(in.Args, " \t")
	v := &Value{Raw: script, Text: script, Loc: loc(in.Offset(argsAt), in.End), rawStart: -1}
	if !external && len(script) > 0 && in.Offset(argsAt+len(script)-1)-in.Offset(argsAt) == len(script)-1 {
		v.rawStart = in.Offset(argsAt)
		v.Loc.End = v.rawStart + len(script)
	}
	sh := func(s string) *Value { return &Value{Raw: s, Text: s, Loc: v.Loc, rawStart: -1} }
	return []*Value{sh("/bin/sh"), sh("-c"), v}
}

// readDockerfile adds the image a Dockerfile builds as a workload of its
// own, so a JVM image is reviewed even when no manifest runs it.
func (r *reader) readDockerfile(f *pass.File) {
	df, err := dockerfile.Parse(f)
	if err != nil {
		r.pass.ReportSyntaxError(err)
	}
	if df == nil || df.Final() == nil {
		return
	}
	info := dockerImage(df, "", false)
	st := df.Final()
	w := &Workload{
		Platform: Docker, Name: "the image built by " + f.Path, File: f,
		Loc:       Loc{File: f, Start: st.From.Start, End: st.From.End},
		Image:     &Value{Raw: st.Image, Text: st.Image, rawStart: -1, Loc: Loc{File: f, Start: st.From.Start, End: st.From.End}},
		BaseImage: rootImage(df, st),
		Env:       info.env,
	}
	argv := append(append([]*Value(nil), info.entrypoint...), info.cmd...)
	w.Launch = analyzeLaunch(argv, info.known, info.from, w.lookup, false)
	r.res.Workloads = append(r.res.Workloads, w)
}

// rootImage follows FROM through earlier stages to an external image.
func rootImage(df *dockerfile.File, st *dockerfile.Stage) string {
	for i := 0; i < 16; i++ {
		p := stageByRef(df, st.Image, st.Index)
		if p == nil {
			return st.Image
		}
		st = p
	}
	return st.Image
}

// lookup is the envLookup of a workload: the last value of a name.
func (w *Workload) lookup(name string) *Value {
	if e, ok := w.Getenv(name); ok {
		return e.Value
	}
	return nil
}

// loadDockerfile returns the parsed Dockerfile at a repo-relative path,
// from the run when it is there and from disk otherwise.
func (r *reader) loadDockerfile(rel, osPath string) (*dockerfile.File, bool, bool) {
	if f := r.repo.Lookup(rel); f != nil && f.Content() != nil {
		df, _ := dockerfile.Parse(f)
		return df, false, df != nil
	}
	data, err := os.ReadFile(osPath)
	if err != nil {
		return nil, true, false
	}
	f := pass.NewFile(token.NewFileSet(), rel, osPath, pass.Dockerfile, data, 0)
	df, _ := dockerfile.Parse(f)
	return df, true, df != nil
}

// osPathOf returns the path on this machine of a repo-relative path.
func (r *reader) osPathOf(rel string) string {
	if f := r.repo.Lookup(rel); f != nil {
		return f.OSPath
	}
	return filepath.Join(r.repo.Root, filepath.FromSlash(rel))
}

// readRelated returns the bytes of a repo-relative file the run may have
// skipped (a .env the .gitignore hides, an env_file of another kind).
func (r *reader) readRelated(rel string) ([]byte, *pass.File, bool) {
	if f := r.repo.Lookup(rel); f != nil {
		if c := f.Content(); c != nil {
			return c, f, true
		}
		data, err := f.ReadFile()
		return data, nil, err == nil
	}
	data, err := os.ReadFile(r.osPathOf(rel))
	return data, nil, err == nil
}

// joinRel joins a path relative to dir (both repo-relative) and cleans it.
func joinRel(dir, p string) string {
	if path.IsAbs(p) {
		return path.Clean(p)
	}
	return path.Clean(path.Join(dir, p))
}
