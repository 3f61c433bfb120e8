package multichecker

import (
	"fmt"
	"strings"

	"github.com/acrvet/acr/checker"
	"github.com/acrvet/acr/output"
	"github.com/acrvet/acr/verify"
)

// chooseEngines reads the -verify engines, or those the configuration
// asks for (-config, else the root's .acr.yaml, read here once and handed
// to the run); the engines read the passes' results (the schema model),
// which the pass cache does not keep, so verifying turns the cache off.
func (rv *review) chooseEngines() (int, bool) {
	engines, err := verify.ParseEngines(rv.o.verify)
	if err != nil {
		return rv.fail(ExitUsage, "-verify: %v", err), false
	}
	if rv.o.verify == "" {
		root, cfg, err := checker.LoadConfig(rv.roots, rv.opts)
		if err != nil {
			return rv.fail(ExitError, "%v", err), false
		}
		rv.opts.Root, rv.opts.Config = root, cfg
		if engines, err = verify.ParseEngines(strings.Join(cfg.Verify, ",")); err != nil {
			return rv.fail(ExitError, "%s: verify: %v", cfg.Path, err), false
		}
	}
	if len(engines) > 0 {
		rv.opts.Cache = nil
	}
	rv.engines = engines
	return ExitClean, true
}

// run runs the checker.
func (rv *review) run() (int, bool) {
	res, err := checker.Run(rv.roots, rv.chosen, rv.opts)
	if err != nil {
		return rv.fail(ExitError, "%v", err), false
	}
	rv.res = res
	return ExitClean, true
}

// writeBaseline writes every finding of the run to the -write-baseline
// file.
func (rv *review) writeBaseline() int {
	res, findings := rv.res, rv.res.Findings
	b := output.NewBaseline(res, findings, rv.progname+" "+Version)
	if err := b.WriteFile(rv.o.writeBaseline); err != nil {
		return rv.fail(ExitError, "-write-baseline: %v", err)
	}
	fmt.Fprintf(rv.stderr, "%s: wrote %d finding(s) to the baseline %s\n", rv.progname, len(findings), rv.o.writeBaseline)
	for _, e := range res.Errors {
		fmt.Fprintf(rv.stderr, "%s: error: %v\n", rv.progname, e)
	}
	if len(res.Errors) > 0 {
		return ExitError
	}
	return ExitClean
}
