package exposure

import (
	_ "embed"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/pass"
	"github.com/acrvet/acr/passes/manifest"
)

// doc is the package comment: its "# Analyzer exposure" section is the
// pass's documentation.
//
//go:embed doc.go
var doc string

// Analyzer reviews network isolation: datastores reachable from outside
// the private network, and connections that bypass the service names.
var Analyzer = &acr.Analyzer{
	Name:     "exposure",
	Doc:      acr.MustExtractDoc(doc, "exposure"),
	Kinds:    []pass.Kind{pass.Compose, pass.Kubernetes, pass.Dockerfile, pass.DotEnv},
	Requires: []*acr.Analyzer{manifest.Analyzer},
	Formerly: []string{"memory"},
	Run:      run,
	Rules:    Rules,
}

// allowLoopback is the -exposure.allow-loopback setting.
var allowLoopback = true

func init() {
	Analyzer.Flags.BoolVar(&allowLoopback, "allow-loopback", true, "accept datastore ports published on 127.0.0.1 or ::1")
}

func run(p *acr.Pass) (any, error) {
	res, _ := p.ResultOf[manifest.Analyzer].(*manifest.Result)
	if res == nil {
		return nil, nil
	}
	c := &checker{pass: p}
	for _, w := range res.Workloads {
		if !w.Init {
			c.checkNetwork(w)
		}
	}
	c.checkServices(res)
	c.tally(res)
	return nil, nil
}

// tally records what the rules examined, for the Plan Alignment report.
func (c *checker) tally(res *manifest.Result) {
	datastores := 0
	for _, w := range res.Workloads {
		if !w.Init && w.Platform != manifest.Docker && w.Datastore() != "" {
			datastores++
		}
	}
	c.pass.Examined("Postgres or Redis container", datastores, RuleExposedDatastore)
	c.pass.Examined("connection setting", c.connections, RuleDatastoreAddress)
}

type checker struct {
	pass *acr.Pass
	// connections counts the connection settings checkConnections read.
	connections int
}

func (c *checker) report(rule *acr.Rule, l manifest.Loc, format string, args ...any) {
	c.pass.ReportAt(rule, l, format, args...)
}
