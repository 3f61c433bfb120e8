package multichecker

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
)

// buildInfo is what the binary knows of its own build.
type buildInfo struct {
	Module   string // module version: (devel) for a build from a work tree
	Revision string // VCS revision, with "+dirty" when the tree had changes
	Time     string // VCS commit time
	Go       string // Go version that built the binary
	Settings string // build settings that change the code (tags, cgo, flags)
}

func readBuildInfo() buildInfo {
	b := buildInfo{Module: "unknown", Go: runtime.Version()}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return b
	}
	b.Go = bi.GoVersion
	if bi.Main.Version != "" {
		b.Module = bi.Main.Version
	}
	var settings []string
	modified := false
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			b.Revision = s.Value
		case "vcs.time":
			b.Time = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		case "-tags", "-ldflags", "-gcflags", "CGO_ENABLED", "GOARCH", "GOOS", "GOAMD64", "GOEXPERIMENT":
			settings = append(settings, s.Key+"="+s.Value)
		}
	}
	if modified && b.Revision != "" {
		b.Revision += "+dirty"
	}
	b.Settings = strings.Join(settings, " ")
	return b
}

// printVersion writes what `acrvet version` and -version print: acr's
// version, the module version, the VCS revision and the Go version.
func printVersion(w io.Writer, progname string) {
	b := readBuildInfo()
	fmt.Fprintf(w, "%s %s\n", progname, Version)
	fmt.Fprintf(w, "module   github.com/acrvet/acr %s\n", b.Module)
	rev := b.Revision
	if rev == "" {
		rev = "unknown (built without VCS information)"
	} else if b.Time != "" {
		rev += " (" + b.Time + ")"
	}
	fmt.Fprintf(w, "revision %s\n", rev)
	fmt.Fprintf(w, "go       %s %s/%s\n", b.Go, runtime.GOOS, runtime.GOARCH)
}

// cacheVersion keys the cache by acr's version, the build (module
// version, VCS revision, Go version and settings) and the executable's
// path, size and time, so a rebuilt acrvet, or one with other passes,
// never reads another's findings.
func cacheVersion() string {
	b := readBuildInfo()
	v := fmt.Sprintf("%s %s %s %s %s", Version, b.Module, b.Revision, b.Go, b.Settings)
	if exe, err := os.Executable(); err == nil {
		if st, err := os.Stat(exe); err == nil {
			v += fmt.Sprintf(" %s %d %d", exe, st.Size(), st.ModTime().UnixNano())
		}
	}
	return v
}
