package manifest

import (
	"go/token"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/pass"
)

func TestComposeBytes(t *testing.T) {
	for in, want := range map[string]int64{
		"8g": 8 << 30, "8G": 8 << 30, "8gb": 8 << 30, "8GiB": 8 << 30, "512m": 512 << 20, "512M": 512 << 20,
		"1.5g": 3 << 29, "100k": 100 << 10, "1024": 1024, "1024b": 1024, " 2g ": 2 << 30, "1t": 1 << 40,
	} {
		got, err := ParseComposeBytes(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	for _, in := range []string{"", "g", "8 gigabytes", "8x", "-1g", "1.2.3g"} {
		_, err := ParseComposeBytes(in)
		assert.Error(t, err, in)
	}
}

func TestKubeQuantity(t *testing.T) {
	for in, want := range map[string]int64{
		"8Gi": 8 << 30, "8G": 8e9, "8000Mi": 8000 << 20, "8000M": 8e9, "8000m": 8, "1500m": 2, "129e6": 129e6,
		"128974848": 128974848, "1e9": 1e9, "4194304Ki": 4 << 30, "1.0Gi": 1 << 30, "4000000k": 4e9, "1Ki": 1024, "1k": 1000, "0.5Gi": 1 << 29, "1E3": 1000, "+1Mi": 1 << 20,
	} {
		got, err := ParseKubeQuantity(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	for in, want := range map[string]string{
		"8g": "write Gi", "8GB": "write Gi", "512K": "write Ki", "1t": "write Ti", "8MB": "suffixes are Ki, Mi, Gi", "": "expected a number",
		"Gi": "expected a number", "-1Gi": "negative", "1e99": "bad exponent", "1Xi": "unknown suffix",
	} {
		_, err := ParseKubeQuantity(in)
		require.Error(t, err, in)
		assert.Contains(t, err.Error(), want, in)
	}
}

func TestJVMSize(t *testing.T) {
	for in, want := range map[string]int64{
		"4g": 4 << 30, "4G": 4 << 30, "512m": 512 << 20, "1024k": 1 << 20, "1t": 1 << 40, "4096": 4096,
	} {
		got, err := ParseJVMSize(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	for _, in := range []string{"", "4gb", "4.5g", "g", "-1g", "99999999999999999999g"} {
		_, err := ParseJVMSize(in)
		assert.Error(t, err, in)
	}
	assert.Equal(t, "5g", FormatBytes(5<<30))
	assert.Equal(t, "7.5g", FormatBytes(8e9))
	assert.Equal(t, "700m", FormatBytes(700<<20))
	assert.Equal(t, "12 bytes", FormatBytes(12))
}

func TestInterpolate(t *testing.T) {
	env := map[string]string{"A": "1", "EMPTY": "", "HEAP": "4g"}
	for in, want := range map[string]string{
		"$A": "1", "${A}": "1", "x${A}y": "x1y", "$$A": "$A", "$$": "$", "${B:-d}": "d", "${EMPTY:-d}": "d",
		"${EMPTY-d}": "", "${B-d}": "d", "${A:+set}": "set", "${B:+set}": "", "${A+set}": "set",
		"${B:-${A}}": "1", "${B:-${C:-deep}}": "deep", "-Xmx${HEAP}": "-Xmx4g", "a $ b": "a $ b",
		"${A:?must}": "1", "$1": "$1",
	} {
		assert.Equal(t, want, interpolate(in, env).text, in)
	}
	in := interpolate("-Xmx${HEAP} ${NOPE} $MISSING ${REQ?need it}", env)
	assert.Equal(t, []string{"NOPE", "MISSING", "REQ"}, in.unresolved)
	assert.Equal(t, []string{"REQ: need it"}, in.errs)
	require.Len(t, in.refs, 4)
	assert.Equal(t, VarRef{Name: "HEAP", Start: 4, End: 11, Set: true, Value: "4g"}, in.refs[0])
	def := interpolate("java ${OPTS:--Xmx2g} -jar", env).refs
	require.Len(t, def, 1)
	assert.Equal(t, VarRef{Name: "OPTS", Start: 5, End: 20, Defaulted: true, Value: "-Xmx2g"}, def[0])
	assert.Equal(t, "${NOPE}", "-Xmx${HEAP} ${NOPE} $MISSING ${REQ?need it}"[in.refs[1].Start:in.refs[1].End])

	bad := interpolate("${A", env)
	assert.NotEmpty(t, bad.errs)
	assert.Equal(t, "${A", bad.text)
}

func TestDotEnv(t *testing.T) {
	env := parseDotEnv([]byte("# c\nA=1\nexport B = two words # note\nC='lit $A'\nD=\"x\\ny $A\"\nE=${A}b\n\nnot a pair\nF=\"multi\nline\"\n"))
	assert.Equal(t, map[string]string{"A": "1", "B": "two words", "C": "lit $A", "D": "x\ny 1", "E": "1b", "F": "multi\nline"}, env)
	es := dotEnvEntries([]byte("A=1\n  export JAVA_TOOL_OPTIONS=-Xmx7g # heap\nQ=\"q\"\n"))
	require.Len(t, es, 3)
	src := "A=1\n  export JAVA_TOOL_OPTIONS=-Xmx7g # heap\nQ=\"q\"\n"
	assert.Equal(t, "JAVA_TOOL_OPTIONS", src[es[1].keyStart:es[1].keyEnd])
	assert.Equal(t, "-Xmx7g", src[es[1].valStart:es[1].valEnd])
	assert.True(t, es[1].exact)
	assert.Equal(t, "q", es[2].value)
	assert.False(t, es[2].exact)
}

func TestShellWords(t *testing.T) {
	words := func(s string) []string {
		var out []string
		for _, w := range shellWords(s) {
			out = append(out, w.text)
		}
		return out
	}
	assert.Equal(t, []string{"sh", "-c", "java $JAVA_OPTS -jar a.jar"}, words(`sh -c "java $JAVA_OPTS -jar a.jar"`))
	assert.Equal(t, []string{"a", "b c", "d;e"}, words(`a 'b c' d;e`))
	assert.Equal(t, []string{"x${A:-1 2}y"}, words(`x${A:-1 2}y`))
}

func TestPortsAndVolumes(t *testing.T) {
	for in, want := range map[string]Port{
		"5432":                {Target: "5432", Publishes: true},
		"5432:5432":           {Published: "5432", Target: "5432", Publishes: true},
		"127.0.0.1:5432:5432": {HostIP: "127.0.0.1", Published: "5432", Target: "5432", Publishes: true},
		"[::1]:6379:6379/tcp": {HostIP: "::1", Published: "6379", Target: "6379", Publishes: true},
		"8000-8010:8000-8010": {Published: "8000-8010", Target: "8000-8010", Publishes: true},
		"0.0.0.0::5432":       {HostIP: "0.0.0.0", Target: "5432", Publishes: true},
	} {
		assert.Equal(t, want, *parseShortPort(in), in)
	}
	assert.Equal(t, []string{"pgdata", "/var/lib/postgresql/data", "rw"}, splitVolume("pgdata:/var/lib/postgresql/data:rw"))
	assert.Equal(t, []string{`C:\data`, `/data`}, splitVolume(`C:\data:/data`))
	assert.Equal(t, []string{".", "/home/src"}, splitVolume(".:/home/src"))
	assert.True(t, isHostPath("./x"))
	assert.True(t, isHostPath("~/.pg"))
	assert.False(t, isHostPath("pgdata"))
	assert.Equal(t, "postgres", ImageRepo("docker.io/library/postgres:16@sha256:abc"))
	assert.Equal(t, "bitnami/postgresql", ImageRepo("bitnami/postgresql:16"))
	assert.Equal(t, "h2oai/h2o-open-source-k8s", ImageRepo("localhost:5000/h2oai/h2o-open-source-k8s:3.46"))
	assert.Equal(t, "16-alpine", ImageTag("postgres:16-alpine"))
	assert.Equal(t, "", ImageTag("registry:5000/postgres"))
}

func TestLaunch(t *testing.T) {
	v := func(s string) *Value { return &Value{Raw: s, Text: s, rawStart: -1} }
	env := map[string]*Value{"JAVA_OPTS": v("-Xmx2g -Xss1m")}
	lookup := func(n string) *Value { return env[n] }
	flags := func(l *Launch) []string {
		var out []string
		for _, f := range l.JVMFlags {
			out = append(out, f.Text+"<"+f.Via+">")
		}
		return out
	}

	l := analyzeLaunch([]*Value{v("java"), v("-Xmx1g"), v("-cp"), v("a.jar"), v("-Dx=y"), v("Main"), v("-Xmx9g")}, true, "command", lookup, false)
	assert.True(t, l.Java)
	assert.Equal(t, []string{"-Xmx1g<>", "-cp<>", "-Dx=y<>"}, flags(l), "app arguments after the main class are not JVM flags")

	l = analyzeLaunch([]*Value{v("/bin/sh"), v("-ec"), v("cd /app && exec java $JAVA_OPTS -jar app.jar --x")}, true, "command", lookup, false)
	assert.True(t, l.Shell && l.Java)
	assert.True(t, l.ExpandsVar("JAVA_OPTS"))
	assert.Equal(t, []string{"-Xmx2g<JAVA_OPTS>", "-Xss1m<JAVA_OPTS>"}, flags(l))

	l = analyzeLaunch([]*Value{v("sh"), v("-c"), v("echo '$JAVA_OPTS'; java -jar a.jar")}, true, "command", lookup, false)
	assert.False(t, l.ExpandsVar("JAVA_OPTS"), "single quotes expand nothing")

	l = analyzeLaunch([]*Value{v("java"), v("$(JAVA_OPTS)"), v("-jar"), v("a.jar")}, true, "command", lookup, true)
	assert.True(t, l.ExpandsVar("JAVA_OPTS"))
	assert.Equal(t, []string{"-Xmx2g<JAVA_OPTS>", "-Xss1m<JAVA_OPTS>"}, flags(l))

	l = analyzeLaunch([]*Value{v("java"), v("$JAVA_OPTS"), v("-jar"), v("a.jar")}, true, "command", lookup, false)
	assert.Empty(t, l.JVMFlags, "no shell: $JAVA_OPTS is the main class")
	require.Len(t, l.Literal, 1)
	assert.Equal(t, "JAVA_OPTS", l.Literal[0].Name)

	l = analyzeLaunch([]*Value{v("./start.sh")}, true, "command", lookup, false)
	assert.Equal(t, "./start.sh", l.Script)
	assert.False(t, l.Java)

	l = analyzeLaunch([]*Value{v("bash"), v("run.sh")}, true, "command", lookup, false)
	assert.Equal(t, "run.sh", l.Script)
}

// runOn reads files with the helper and returns its result.
func runOn(t testing.TB, files map[string]string) *Result {
	fset := token.NewFileSet()
	var pf []*pass.File
	for p, src := range files {
		pf = append(pf, pass.NewFile(fset, p, "/nonexistent/"+p, pass.DetectKind(p, []byte(src)), []byte(src), 0))
	}
	repo := pass.NewRepo("/nonexistent", pf)
	var diags []acr.Diagnostic
	p := &acr.Pass{Analyzer: Analyzer, Fset: fset, Files: repo.Files(), Repo: repo, Plan: acr.DefaultPlan(),
		Report: func(d acr.Diagnostic) { diags = append(diags, d) }}
	res, err := Analyzer.Run(p)
	require.NoError(t, err)
	return res.(*Result)
}

func TestComposeProject(t *testing.T) {
	res := runOn(t, map[string]string{
		".env": "MEM=4g\n",
		"docker-compose.yml": "services:\n  api:\n    image: eclipse-temurin:21\n    mem_limit: ${MEM}\n" +
			"    command: java -Xmx1g -jar a.jar\n    ports: ['8000:8000']\n" +
			"  db:\n    image: postgres:16\n",
		"docker-compose.override.yml": "services:\n  db:\n    ports: ['5432:5432']\n",
	})
	require.Len(t, res.Workloads, 2)
	api, db := res.Workloads[0], res.Workloads[1]
	assert.Equal(t, `service "api"`, api.Name)
	assert.Equal(t, []string{"docker-compose.yml", "docker-compose.override.yml"}, api.Project)
	// .env is not on disk here: the run's file is used.
	require.NotNil(t, api.MemLimit)
	assert.Equal(t, int64(4<<30), api.MemLimit.Bytes)
	assert.True(t, api.Launch.Java)
	require.Len(t, db.Ports, 1)
	assert.Equal(t, "override file docker-compose.override.yml", db.Ports[0].Dev)
	assert.Equal(t, "", api.Ports[0].Dev)
}

func TestKubeObjects(t *testing.T) {
	res := runOn(t, map[string]string{
		"k8s/all.yaml": "apiVersion: v1\nkind: List\nitems:\n- apiVersion: batch/v1\n  kind: Job\n  metadata: {name: j, namespace: ml}\n" +
			"  spec:\n    template:\n      metadata: {labels: {app: j}}\n      spec:\n        containers:\n        - name: c\n          image: x\n" +
			"          resources: {limits: {memory: 1Gi}}\n        initContainers:\n        - name: i\n          image: y\n" +
			"---\napiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {type: NodePort, selector: {app: j}}\n",
	})
	require.Len(t, res.Workloads, 2)
	assert.Equal(t, `container "c" of Job "j"`, res.Workloads[0].Name)
	assert.Equal(t, "ml", res.Workloads[0].Namespace)
	assert.Equal(t, int64(1<<30), res.Workloads[0].MemLimit.Bytes)
	assert.True(t, res.Workloads[1].Init)
	require.Len(t, res.KubeServices, 1)
	assert.Equal(t, "NodePort", res.KubeServices[0].Type.Text)
	assert.Equal(t, map[string]string{"app": "j"}, res.KubeServices[0].Selector)
}

func TestBrokenFilesAreReported(t *testing.T) {
	fset := token.NewFileSet()
	f := pass.NewFile(fset, "docker-compose.yml", "/nonexistent/docker-compose.yml", pass.Compose, []byte("services:\n  a: [\n"), 0)
	tpl := pass.NewFile(fset, "chart/templates/dep.yaml", "/x", pass.Kubernetes, []byte("apiVersion: v1\nkind: Pod\nspec: {{ .Values.spec }}\n"), 0)
	repo := pass.NewRepo("/nonexistent", []*pass.File{f, tpl})
	var diags []acr.Diagnostic
	p := &acr.Pass{Analyzer: Analyzer, Fset: fset, Files: repo.Files(), Repo: repo, Plan: acr.DefaultPlan(),
		Report: func(d acr.Diagnostic) { diags = append(diags, d) }}
	_, err := Analyzer.Run(p)
	require.NoError(t, err)
	require.Len(t, diags, 1, "a Helm template's syntax is not reported")
	assert.Equal(t, acr.SyntaxErrorRule.ID, diags[0].Category)
	assert.True(t, strings.HasPrefix(diags[0].Message, "invalid YAML"))
}

func FuzzInterpolate(f *testing.F) {
	f.Add("-Xmx${HEAP:-${DEF}}$$x$Y${Z?e}")
	f.Add("${")
	f.Add("$${A:+b}")
	f.Fuzz(func(t *testing.T, s string) {
		in := interpolate(s, map[string]string{"HEAP": "1g", "Y": "y"})
		for _, r := range in.refs {
			if r.Start < 0 || r.End > len(s) || r.Start > r.End {
				t.Fatalf("ref %+v out of %q", r, s)
			}
		}
		parseDotEnv([]byte(s))
		dotEnvEntries([]byte(s))
		shellTokens(s)
	})
}

func FuzzSizes(f *testing.F) {
	for _, s := range []string{"8g", "8Gi", "8000m", "1.5e3", "-Xmx", "4096"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if n, err := ParseComposeBytes(s); err == nil && n < 0 {
			t.Fatalf("%q: negative %d", s, n)
		}
		if n, err := ParseKubeQuantity(s); err == nil && n < 0 {
			t.Fatalf("%q: negative %d", s, n)
		}
		if n, err := ParseJVMSize(s); err == nil && n < 0 {
			t.Fatalf("%q: negative %d", s, n)
		}
	})
}

func FuzzManifests(f *testing.F) {
	f.Add("services:\n  a:\n    image: postgres\n    ports: ['5432:5432']\n    volumes: [x:/var/lib/postgresql/data]\n    command: sh -c 'java $$JAVA_OPTS'\n",
		"apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: c\n    command: [java, $(JAVA_OPTS)]\n")
	f.Add("x: &a {extends: {service: b}}\nservices: {b: *a, c: {<<: *a, extends: c}}\n", "kind: List\nitems: [{kind: CronJob}]\n")
	f.Add("services:\n  a:\n    build: {context: ../.., dockerfile: /etc/passwd}\n    env_file: [../../x]\n", "")
	f.Fuzz(func(t *testing.T, compose, kube string) {
		runOn(t, map[string]string{"docker-compose.yml": compose, "k8s/app.yaml": kube})
	})
}

// TestDevTitle: a README title marks a development directory by its
// words read as prose, after the badges and comments that may come first.
func TestDevTitle(t *testing.T) {
	for title, dev := range map[string]bool{
		"Phoenix Development Environment": true,
		"Local test stack":                true,
		"Demo (local)":                    true,
		"Deploy it on Kubernetes":         false,
		"A kind of pipeline":              false,
		"Production deployment":           false,
	} {
		assert.Equal(t, dev, devTitle(title), title)
	}
	assert.Equal(t, "Stack", markdownTitle([]byte("<!-- generated -->\n\n[![ci](b.svg)](x)\n# Stack\n")))
	assert.Equal(t, "", markdownTitle([]byte("Some text\n# Later heading\n")))
	assert.Equal(t, "", markdownTitle([]byte("#NoSpace\n")))
}

// TestDevReadmeOverlay: a Kustomize overlay in a directory whose README
// is titled for development is a development workload, as the manifests
// beside that README are; the base and another overlay are not.
func TestDevReadmeOverlay(t *testing.T) {
	patch := "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\nspec:\n  template:\n    spec:\n      containers:\n      - name: api\n        image: api:2\n"
	res := runOn(t, map[string]string{
		"deploy/base/kustomization.yaml": "resources: [deployment.yaml]\n",
		"deploy/base/deployment.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\nspec:\n  template:\n    spec:\n" +
			"      containers:\n      - name: api\n        image: api:1\n",
		"deploy/phoenix-env/README.md":          "# Phoenix Development Environment\n",
		"deploy/phoenix-env/kustomization.yaml": "resources: [../base]\npatches:\n- path: patch.yaml\n",
		"deploy/phoenix-env/patch.yaml":         patch,
		"deploy/prod/kustomization.yaml":        "resources: [../base]\npatches:\n- path: patch.yaml\n",
		"deploy/prod/patch.yaml":                patch,
	})
	dev := map[string]string{}
	for _, w := range res.Workloads {
		dev[w.Name] = w.Dev
	}
	assert.Equal(t, map[string]string{
		`container "api" of Deployment "api"`:                                             "",
		`container "api" of Deployment "api" in the Kustomize overlay deploy/prod`:        "",
		`container "api" of Deployment "api" in the Kustomize overlay deploy/phoenix-env`: `directory deploy/phoenix-env, whose README is titled "Phoenix Development Environment"`,
	}, dev)
}
