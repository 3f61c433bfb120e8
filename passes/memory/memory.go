package memory

import (
	_ "embed"

	"fmt"
	"strings"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/internal/listflag"
	"github.com/acrvet/acr/pass"
	"github.com/acrvet/acr/passes/manifest"
)

// doc is the package comment: its "# Analyzer memory" section is the
// pass's documentation.
//
//go:embed doc.go
var doc string

// Analyzer reviews the JVM heap of the Physical view: heap against
// container memory, and JAVA_OPTS that no JVM reads.
var Analyzer = &acr.Analyzer{
	Name:     "memory",
	Doc:      acr.MustExtractDoc(doc, "memory"),
	Kinds:    []pass.Kind{pass.Compose, pass.Kubernetes, pass.Dockerfile, pass.DotEnv},
	Requires: []*acr.Analyzer{manifest.Analyzer},
	Run:      run,
	Rules:    Rules,
}

// jvmImages is the -memory.jvm-images setting.
var jvmImages = defaultJVMImages

// defaultJVMImages are image name prefixes of JVM runtimes, beside the
// product images of manifest.JVMImages.
const defaultJVMImages = manifest.JDKImages

func init() {
	Analyzer.Flags.StringVar(&jvmImages, "jvm-images", defaultJVMImages, "comma-separated image name prefixes of JVM runtimes")
}

func run(p *acr.Pass) (any, error) {
	res, _ := p.ResultOf[manifest.Analyzer].(*manifest.Result)
	if res == nil {
		return nil, nil
	}
	c := &checker{pass: p, ratio: p.Plan.WithDefaults().HeapRatio, bounded: boundedFiles(res)}
	for _, pr := range res.Problems {
		if pr.Kind == "conflicting-limits" && pr.Loc.Valid() {
			c.report(RuleMemorySize, pr.Loc, "%s", pr.Message)
		}
	}
	for _, w := range res.Workloads {
		c.checkSizes(w)
		if !w.Init {
			c.checkJVM(w)
			c.checkJavaOpts(w)
		}
	}
	c.tally(res)
	return nil, nil
}

// tally records what the rules examined, for the Plan Alignment report.
func (c *checker) tally(res *manifest.Result) {
	var jvms int
	for _, w := range res.Workloads {
		if !w.Init && isJVM(w) {
			jvms++
		}
	}
	c.pass.Examined("JVM container", jvms, RuleMemorySplit, RuleJavaOpts, RuleNoMemoryLimit, RuleHeapNotSized, RuleMemorySize)
}

type checker struct {
	pass  *acr.Pass
	ratio float64
	// bounded holds the files in which some workload has a memory limit:
	// there the deployment bounds memory, and a JVM left without a limit
	// is the exception its maintainers would fix.
	bounded map[*pass.File]bool
}

// boundedFiles returns the files in which some workload has a memory
// limit.
func boundedFiles(res *manifest.Result) map[*pass.File]bool {
	out := map[*pass.File]bool{}
	for _, w := range res.Workloads {
		if q, _ := limitOf(w); q != nil && w.Loc.File != nil {
			out[w.Loc.File] = true
		}
	}
	return out
}

// reportNoLimit reports a JVM workload without a memory limit (PHY105).
// In a file that limits no workload at all, leaving memory to the host is
// the deployment's design, not an oversight, and the JVM's container
// defaults size its heap from the host: a note, unless the workload is
// H2O, whose heap split the plan requires.
func (c *checker) reportNoLimit(w *manifest.Workload, format string, args ...any) {
	if !w.Loc.Valid() {
		return
	}
	if isH2O(w) || c.bounded[w.Loc.File] {
		c.report(RuleNoMemoryLimit, w.Loc, format, args...)
		return
	}
	c.pass.ReportNote(acr.Diagnostic{Pos: w.Loc.Pos(), End: w.Loc.EndPos(), Category: RuleNoMemoryLimit.ID,
		Message: fmt.Sprintf(format, args...) + " (a note: no workload of this file has a memory limit, so the deployment leaves memory to the host by design)"})
}

func (c *checker) report(rule *acr.Rule, l manifest.Loc, format string, args ...any) {
	c.pass.ReportAt(rule, l, format, args...)
}

func (c *checker) reportDiag(d acr.Diagnostic) { c.pass.Report(d) }

// list splits a comma-separated flag value.
func list(s string) []string { return listflag.Split(strings.ToLower(s)) }

func pct(x float64) string { return fmt.Sprintf("%.0f%%", x*100) }
