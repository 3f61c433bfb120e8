package multichecker

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/checker"
	"github.com/acrvet/acr/config"
)

// configCmd runs `acrvet config check [FILE]`: it validates a config file
// (by default the .acr.yaml the run from the current directory would
// read) against the tool's passes and rules, without running them.
func configCmd(progname string, stdout, stderr io.Writer, analyzers []*acr.Analyzer, args []string) int {
	usage := func() int {
		fmt.Fprintf(stderr, "usage: %s config check [FILE]\n\nValidates FILE (default: the .acr.yaml of the repository around the current directory):\nunknown keys, passes and rules, values of the wrong shape. Exit 0 when valid, 1 when not.\n", progname)
		return ExitUsage
	}
	if len(args) == 0 || len(args) > 2 || args[0] != "check" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "-help" || args[0] == "--help") {
			usage()
			return ExitClean
		}
		return usage()
	}
	file := ""
	if len(args) == 2 {
		file = args[1]
	} else {
		root, err := checker.FindRoot(".")
		if err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", progname, err)
			return ExitError
		}
		file = config.Find(root)
		if file == "" {
			fmt.Fprintf(stderr, "%s: no %s in %s or above it: the defaults apply\n", progname, config.FileName, displayDir(root))
			return ExitClean
		}
		file = displayDir(file)
	}
	cfg, err := config.Load(file)
	if err == nil {
		err = cfg.Check(analyzers)
	}
	if err == nil {
		err = cfg.ApplySettings(acr.Closure(analyzers), nil)
	}
	if err != nil {
		fmt.Fprintln(stderr, err)
		return ExitError
	}
	for _, n := range cfg.FormerNames(analyzers) {
		fmt.Fprintf(stderr, "%s: note: %s\n", file, n)
	}
	fmt.Fprintf(stdout, "%s: ok\n", file)
	return ExitClean
}

// displayDir shows a path relative to the working directory when it lies
// below it, as every path acrvet prints.
func displayDir(p string) string {
	if wd, err := os.Getwd(); err == nil {
		if rel, ok := relBelow(wd, p); ok {
			return rel
		}
	}
	return p
}

// relBelow returns p relative to base when p lies below base.
func relBelow(base, p string) (string, bool) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", false
	}
	rel, err := filepath.Rel(base, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", false
	}
	return rel, true
}
