package multichecker

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/acrvet/acr/output"
)

// merge writes the single report of a run from its shards' reports and
// exits as a run would: 3 when the merged report has findings, 1 when it
// records errors.
func merge(progname string, stdout, stderr io.Writer, args []string) int {
	fs := flag.NewFlagSet(progname+" merge", flag.ContinueOnError)
	fs.SetOutput(stderr)
	exitZero := fs.Bool("exit-zero", false, "exit 0 even when the merged report has findings")
	mergeUsage := func(w io.Writer) {
		fmt.Fprintf(w, "usage: %s merge [-exit-zero] REPORT.json|REPORT.sarif...\n\nMerges the -json (or -format sarif) reports of the shards of a run (-shard i/n)\ninto the report of one run, on standard output. Exit codes as for a run:\n0 no findings, 3 findings, 1 unreadable reports or errors recorded in them, 2 usage.\n\nFlags:\n", progname)
		fs.SetOutput(w)
		fs.PrintDefaults()
	}
	fs.Usage = func() {}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			mergeUsage(stdout)
			return ExitClean
		}
		fmt.Fprintf(stderr, "usage: %s merge [-exit-zero] REPORT...; run '%s merge -h' for more\n", progname, progname)
		return ExitUsage
	}
	files := fs.Args()
	if len(files) == 0 {
		fmt.Fprintf(stderr, "usage: %s merge [-exit-zero] REPORT...; run '%s merge -h' for more\n", progname, progname)
		return ExitUsage
	}
	var inputs [][]byte
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			fmt.Fprintf(stderr, "%s: merge: %v\n", progname, err)
			return ExitError
		}
		inputs = append(inputs, data)
	}
	var buf bytes.Buffer
	if err := output.Merge(&buf, inputs); err != nil {
		fmt.Fprintf(stderr, "%s: merge: %v\n", progname, err)
		return ExitError
	}
	stdout.Write(buf.Bytes())
	findings, errs, err := output.CountReport(buf.Bytes())
	if err != nil {
		fmt.Fprintf(stderr, "%s: merge: %v\n", progname, err)
		return ExitError
	}
	return exitCode(errs, findings, *exitZero)
}
