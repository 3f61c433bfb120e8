package multichecker

import (
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/output"
)

func firstLine(s string) string {
	l, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return l
}

// shortUsage is what a bad flag gets: the form of the command and where
// to read more, not every flag.
func shortUsage(progname string, w io.Writer) {
	fmt.Fprintf(w, "usage: %[1]s [-flag] [path|dir|dir/...]...\nRun '%[1]s -h' for the flags, '%[1]s help' for the passes and rules.\n", progname)
}

func usage(progname string, w io.Writer, fs *flag.FlagSet) {
	fmt.Fprintf(w, `%[1]s reviews a data and ML platform repository against its architecture plan.

Usage:
  %[1]s [-flag] [path|dir|dir/...]...   review (default: .)
  %[1]s help [PASS|RULE]                 list the passes and rules, or document one
  %[1]s merge REPORT...                  merge the -json or -format sarif reports of -shard runs
  %[1]s config check [FILE]              validate .acr.yaml without running the passes
  %[1]s version                          print the version, VCS revision and Go version

Paths are printed relative to the current directory. Exit codes: 0 no
findings, 3 findings (0 with -exit-zero), 1 the run could not complete (a bad
config, a pass that failed), 2 a usage error. merge exits the same way.

Flags:
`, progname)
	fs.SetOutput(w)
	fs.PrintDefaults()
}

// help lists passes and rules, or prints one pass's or rule's doc.
func help(progname string, stdout, stderr io.Writer, analyzers []*acr.Analyzer, args []string) int {
	idx := acr.RuleIndex(analyzers)
	if len(args) == 0 {
		fmt.Fprintf(stdout, "%s passes:\n\n", progname)
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		for _, a := range analyzers {
			fmt.Fprintf(tw, "  %s\t%s\n", a.Name, firstLine(a.Doc))
		}
		tw.Flush()
		fmt.Fprintf(stdout, "\nrules:\n\n")
		tw = tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		for _, id := range acr.SortedRuleIDs(idx) {
			ref := idx[id]
			owner := "acr"
			if ref.Analyzer != nil {
				owner = ref.Analyzer.Name
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\n", id, ref.Rule.Name, owner, ref.Rule.Severity, ref.Rule.Title)
		}
		tw.Flush()
		fmt.Fprintf(stdout, "\nRun '%s help NAME' for the documentation of a pass or rule.\n", progname)
		return ExitClean
	}
	code := ExitClean
	for _, name := range args {
		if a := findAnalyzer(acr.Closure(analyzers), name); a != nil {
			fmt.Fprintf(stdout, "%s: %s\n", a.Name, strings.TrimSpace(a.Doc))
			if a.URL != "" {
				fmt.Fprintf(stdout, "\nMore: %s\n", a.URL)
			} else {
				fmt.Fprintf(stdout, "\nMore: docs/rules/ in the acr source tree, and '%s help RULE' for each rule below.\n", progname)
			}
			var flags []string
			a.Flags.VisitAll(func(f *flag.Flag) {
				flags = append(flags, fmt.Sprintf("  -%s.%s (default %q)\n    \t%s", a.Name, f.Name, f.DefValue, f.Usage))
			})
			if len(flags) > 0 {
				fmt.Fprintf(stdout, "\nSettings:\n%s\n", strings.Join(flags, "\n"))
			}
			if len(a.Rules) > 0 {
				fmt.Fprintf(stdout, "\nRules:\n")
				for _, r := range a.Rules {
					fmt.Fprintf(stdout, "  %s  %s  %s\n", r.ID, r.Name, r.Title)
				}
			}
			continue
		}
		if refs, byAlias := findRules(idx, name); len(refs) > 0 {
			if len(byAlias) > 0 {
				var ids []string
				for _, ref := range byAlias {
					ids = append(ids, ref.Rule.ID)
				}
				fmt.Fprintf(stdout, "note: %s is a former code or name of %s (see CHANGELOG.md)\n\n", name, strings.Join(ids, ", "))
			}
			for i, ref := range refs {
				if i > 0 {
					fmt.Fprintln(stdout)
				}
				output.RuleDoc(stdout, ref)
			}
			continue
		}
		fmt.Fprintf(stderr, "%s: no pass or rule named %q\n", progname, name)
		code = ExitUsage
	}
	return code
}

func findAnalyzer(all []*acr.Analyzer, name string) *acr.Analyzer {
	for _, a := range all {
		if a.Name == name {
			return a
		}
	}
	return nil
}

// findRules returns the rules a help argument names: by id (in any
// case), name or former code (acr.Resolve), with those named by a former
// code only.
func findRules(idx map[string]acr.RuleRef, name string) (refs, byAlias []acr.RuleRef) {
	if refs, byAlias = acr.Resolve(idx, name); len(refs) > 0 {
		return refs, byAlias
	}
	return acr.Resolve(idx, strings.ToUpper(name))
}
