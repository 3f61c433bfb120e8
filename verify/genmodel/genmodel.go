// Package genmodel asks H2O's own MOJO runtime, h2o-genmodel on a JVM, what
// it makes of model artifacts: whether each loads, its model category and
// features, and whether it scores a row. acr's static validator
// (passes/mojo) infers the same verdicts without a JVM; this package is the
// evidence that confirms or disproves them, and the oracle of the
// differential test that keeps the validator honest.
//
// The verifier is a single Java source file (java/Verifier.java) run with
// Java 11+'s source launcher, so nothing is compiled ahead of time or
// committed as a binary. It reads MOJOs only through genmodel's readers,
// never Java deserialization, under a heap cap and a timeout.
package genmodel

import (
	"bufio"
	"bytes"
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

//go:embed java/Verifier.java java/pom.xml
var javaFiles embed.FS

// DefaultH2OVersion is the genmodel version used when the repository pins
// none: the last H2O-3 release that exports MOJOs without Enterprise
// (3.46.0.12 gated export, GH-16910).
const DefaultH2OVersion = "3.46.0.11"

// EnvClasspath names the environment variable that gives the genmodel jar,
// or a whole classpath, as the -genmodel-jar flag does.
const EnvClasspath = "ACR_GENMODEL_JAR"

// A Verdict is what h2o-genmodel said of one artifact.
type Verdict struct {
	Path       string   `json:"path"`
	Loaded     bool     `json:"loaded"`
	Scored     bool     `json:"scored"`
	Category   string   `json:"category,omitempty"`
	Algorithm  string   `json:"algorithm,omitempty"`
	H2OVersion string   `json:"h2o_version,omitempty"`
	Features   []string `json:"features,omitempty"`
	Error      string   `json:"error,omitempty"`
	// Unanswered reports an artifact the verifier never reached (it
	// crashed or timed out): genmodel said nothing about it.
	Unanswered bool `json:"-"`
}

// Accepts reports whether genmodel loaded the artifact and scored a row
// with it: what a service needs of a MOJO.
func (v Verdict) Accepts() bool { return v.Loaded && v.Scored }

// An Engine runs the verifier.
type Engine struct {
	// Java is the java launcher (Java 11 or later).
	Java string
	// Classpath holds h2o-genmodel and its dependencies.
	Classpath string
	// Version is the genmodel version, for evidence ("h2o-genmodel 3.46.0.11").
	Version string
	// Timeout bounds one Verify call; 0 means two minutes.
	Timeout time.Duration
	// MaxHeap caps the JVM heap; "" means 256m.
	MaxHeap string
}

// Name is the engine as evidence names it.
func (e *Engine) Name() string {
	if e.Version == "" {
		return "h2o-genmodel"
	}
	return "h2o-genmodel " + e.Version
}

// Options tell Find where to look for genmodel.
type Options struct {
	// Classpath is the -genmodel-jar flag: a jar or a classpath. Empty:
	// the ACR_GENMODEL_JAR environment variable, then RepoJars, then Maven.
	Classpath string
	// RepoJars are h2o-genmodel jars the repository ships beside its
	// MOJOs (download_mojo(..., get_genmodel_jar=True) writes one).
	RepoJars []string
	// H2OVersion is the version to resolve from Maven; "" means
	// DefaultH2OVersion.
	H2OVersion string
}

// ErrUnavailable is returned by Find when no JVM or no genmodel can be had;
// its message says how to enable verification.
var ErrUnavailable = errors.New("h2o-genmodel verification needs a Java 11+ runtime and the h2o-genmodel jar: pass -genmodel-jar FILE (or set ACR_GENMODEL_JAR), ship h2o-genmodel.jar beside the MOJOs, or install Maven so acrvet can resolve ai.h2o:h2o-genmodel")

// Find locates a JVM and a genmodel classpath.
func Find(ctx context.Context, opt Options) (*Engine, error) {
	java, err := exec.LookPath("java")
	if err != nil {
		if home := os.Getenv("JAVA_HOME"); home != "" {
			java = filepath.Join(home, "bin", "java")
		}
		if _, err := os.Stat(java); java == "" || err != nil {
			return nil, ErrUnavailable
		}
	}
	version := opt.H2OVersion
	if version == "" {
		version = DefaultH2OVersion
	}
	cp := opt.Classpath
	if cp == "" {
		cp = os.Getenv(EnvClasspath)
	}
	if cp == "" && len(opt.RepoJars) > 0 {
		cp = opt.RepoJars[0]
		version = "" // the repository's own jar: its version is whatever it ships
	}
	if cp == "" {
		cp, err = cachedMaven(ctx, version)
		if err != nil {
			return nil, fmt.Errorf("%w (%v)", ErrUnavailable, err)
		}
	} else if opt.Classpath != "" || os.Getenv(EnvClasspath) != "" {
		version = versionFromJar(cp)
	}
	return &Engine{Java: java, Classpath: cp, Version: version}, nil
}

// versionFromJar reads the version from a Maven-style jar name
// (h2o-genmodel-3.46.0.11.jar), or returns "".
func versionFromJar(cp string) string {
	for _, p := range filepath.SplitList(cp) {
		base := filepath.Base(p)
		if v, ok := strings.CutPrefix(base, "h2o-genmodel-"); ok && strings.HasSuffix(v, ".jar") {
			v = strings.TrimSuffix(v, ".jar")
			if v != "" && v[0] >= '0' && v[0] <= '9' {
				return v
			}
		}
	}
	return ""
}

// cachedMaven returns the classpath Maven resolved for version on an
// earlier run, kept in the user cache directory while every jar on it
// still exists; else it asks Maven and keeps the answer. Starting Maven
// costs seconds; reading one file does not.
func cachedMaven(ctx context.Context, version string) (string, error) {
	var keep string
	if dir, err := os.UserCacheDir(); err == nil {
		keep = filepath.Join(dir, "acr", "genmodel-"+version+".classpath")
		if data, err := os.ReadFile(keep); err == nil && allExist(string(data)) {
			return string(data), nil
		}
	}
	cp, err := resolveMaven(ctx, version)
	if err == nil && keep != "" {
		if os.MkdirAll(filepath.Dir(keep), 0o755) == nil {
			tmp := keep + ".tmp"
			if os.WriteFile(tmp, []byte(cp), 0o644) == nil {
				os.Rename(tmp, keep)
			}
		}
	}
	return cp, err
}

// allExist reports whether every entry of a classpath is a file.
func allExist(cp string) bool {
	parts := filepath.SplitList(strings.TrimSpace(cp))
	if len(parts) == 0 {
		return false
	}
	for _, p := range parts {
		if st, err := os.Stat(p); err != nil || st.IsDir() {
			return false
		}
	}
	return true
}

// resolveMaven asks Maven for the classpath of h2o-genmodel at version,
// offline first (the local repository usually has it), then online.
func resolveMaven(ctx context.Context, version string) (string, error) {
	mvn, err := exec.LookPath("mvn")
	if err != nil {
		return "", errors.New("mvn is not on PATH")
	}
	dir, err := os.MkdirTemp("", "acr-genmodel-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(dir)
	pom, _ := javaFiles.ReadFile("java/pom.xml")
	if err := os.WriteFile(filepath.Join(dir, "pom.xml"), pom, 0o600); err != nil {
		return "", err
	}
	out := filepath.Join(dir, "classpath.txt")
	var lastErr error
	for _, offline := range []bool{true, false} {
		args := []string{"-q", "-B", "-f", filepath.Join(dir, "pom.xml"), "dependency:build-classpath",
			"-Dh2o.version=" + version, "-Dmdep.outputFile=" + out}
		if offline {
			args = append([]string{"-o"}, args...)
		}
		cctx, cancel := context.WithTimeout(ctx, 3*time.Minute)
		cmd := exec.CommandContext(cctx, mvn, args...)
		var stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stderr, &stderr
		err := cmd.Run()
		cancel()
		if err == nil {
			cp, rerr := os.ReadFile(out)
			if rerr == nil && len(bytes.TrimSpace(cp)) > 0 {
				return string(bytes.TrimSpace(cp)), nil
			}
			err = rerr
		}
		lastErr = fmt.Errorf("mvn dependency:build-classpath for ai.h2o:h2o-genmodel:%s: %v %s", version, err, lastLine(stderr.String()))
	}
	return "", lastErr
}

func lastLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		s = s[i+1:]
	}
	return s
}

// Verify runs the verifier over the artifacts and returns one verdict per
// path, in order. A verifier that crashes or times out leaves the
// artifacts it did not reach with a verdict whose Error says so; the error
// return is for a verifier that could not start at all.
func (e *Engine) Verify(ctx context.Context, paths []string) ([]Verdict, error) {
	if len(paths) == 0 {
		return nil, nil
	}
	dir, err := os.MkdirTemp("", "acr-verifier-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	src, _ := javaFiles.ReadFile("java/Verifier.java")
	verifier := filepath.Join(dir, "Verifier.java")
	if err := os.WriteFile(verifier, src, 0o600); err != nil {
		return nil, err
	}
	timeout := e.Timeout
	if timeout == 0 {
		timeout = 2 * time.Minute
	}
	heap := e.MaxHeap
	if heap == "" {
		heap = "256m"
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	abs := make([]string, len(paths))
	for i, p := range paths {
		if a, err := filepath.Abs(p); err == nil {
			abs[i] = a
		} else {
			abs[i] = p
		}
	}
	args := append([]string{"-Xmx" + heap, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true",
		"-cp", e.Classpath, verifier}, abs...)
	cmd := exec.CommandContext(ctx, e.Java, args...)
	cmd.Dir = dir
	// The JVM must not pick up options meant for other programs.
	cmd.Env = append(filteredEnv(), "JAVA_TOOL_OPTIONS=", "JDK_JAVA_OPTIONS=", "_JAVA_OPTIONS=")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()

	got := map[string]Verdict{}
	sc := bufio.NewScanner(&stdout)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var v Verdict
		if json.Unmarshal(sc.Bytes(), &v) == nil {
			got[v.Path] = v
		}
	}
	if len(got) == 0 && runErr != nil {
		return nil, fmt.Errorf("h2o-genmodel verifier: %v: %s", runErr, lastLine(stderr.String()))
	}
	out := make([]Verdict, len(paths))
	for i, p := range abs {
		v, ok := got[p]
		if !ok {
			reason := "the verifier stopped before this artifact"
			if ctx.Err() != nil {
				reason = fmt.Sprintf("the verifier timed out after %s", timeout)
			} else if runErr != nil {
				reason += ": " + runErr.Error()
			}
			v = Verdict{Error: reason, Unanswered: true}
		}
		v.Path = paths[i]
		out[i] = v
	}
	return out, nil
}

func filteredEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS", "CLASSPATH":
			continue
		}
		env = append(env, kv)
	}
	return env
}
