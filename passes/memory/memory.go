package memory

import (
	_ "embed"

	"fmt"
	"strings"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/internal/listflag"
	"github.com/acrvet/acr/pass"
	"github.com/acrvet/acr/passes/memory/manifest"
)

// doc is the package comment: its "# Analyzer memory" section is the
// pass's documentation.
//
//go:embed doc.go
var doc string

// Analyzer reviews the Physical view: JVM heap against container memory,
// JAVA_OPTS that no JVM reads, exposed databases and non-persistent data.
var Analyzer = &acr.Analyzer{
	Name:     "memory",
	Doc:      acr.MustExtractDoc(doc, "memory"),
	Kinds:    []pass.Kind{pass.Compose, pass.Kubernetes, pass.Dockerfile, pass.DotEnv},
	Requires: []*acr.Analyzer{manifest.Analyzer},
	Run:      run,
	Rules:    Rules,
}

var (
	datastoreImages = defaultDatastoreImages
	jvmImages       = defaultJVMImages
	allowLoopback   = true
)

// defaultDatastoreImages are image names (as manifest.ImageRepo gives them)
// of Postgres and Redis; an entry without a slash also matches under any
// namespace (a mirror's library/postgres).
const defaultDatastoreImages = "postgres,postgis/postgis,pgvector/pgvector,ankane/pgvector,timescale/timescaledb," +
	"timescale/timescaledb-ha,bitnami/postgresql,bitnami/postgresql-repmgr,supabase/postgres,citusdata/citus," +
	"cloudnative-pg/postgresql,redis,redis/redis-stack,redis/redis-stack-server,bitnami/redis,bitnami/redis-cluster," +
	"valkey/valkey,bitnami/valkey,eqalpha/keydb"

// defaultJVMImages are image name prefixes of JVM runtimes, beside the
// product images of manifest.JVMImages.
const defaultJVMImages = manifest.JDKImages

func init() {
	Analyzer.Flags.StringVar(&datastoreImages, "datastore-images", defaultDatastoreImages,
		"comma-separated Postgres and Redis image names; a name without a slash matches under any namespace")
	Analyzer.Flags.StringVar(&jvmImages, "jvm-images", defaultJVMImages, "comma-separated image name prefixes of JVM runtimes")
	Analyzer.Flags.BoolVar(&allowLoopback, "allow-loopback", true, "accept datastore ports published on 127.0.0.1 or ::1")
}

func run(p *acr.Pass) (any, error) {
	res, _ := p.ResultOf[manifest.Analyzer].(*manifest.Result)
	if res == nil {
		return nil, nil
	}
	c := &checker{pass: p, ratio: p.Plan.WithDefaults().HeapRatio}
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
			c.checkNetwork(w)
			c.checkVolumes(w)
		}
	}
	c.checkServices(res)
	c.tally(res)
	return nil, nil
}

// tally records what the rules examined, for the Plan Alignment report.
func (c *checker) tally(res *manifest.Result) {
	var jvms, datastores, postgres, mage int
	for _, w := range res.Workloads {
		if w.Init {
			continue
		}
		if isJVM(w) {
			jvms++
		}
		if w.Platform == manifest.Docker {
			continue
		}
		if datastore(w) != "" {
			datastores++
		}
		if sd := dataDir(w); sd != nil && sd.rule == RuleEphemeralData {
			postgres++
		} else if sd != nil {
			mage++
		}
	}
	p := c.pass
	p.Examined("JVM container", jvms, RuleMemorySplit, RuleJavaOpts, RuleNoMemoryLimit, RuleHeapNotSized, RuleMemorySize)
	p.Examined("Postgres or Redis container", datastores, RuleExposedDatastore)
	p.Examined("connection setting", c.connections, RuleDatastoreAddress)
	p.Examined("Postgres container", postgres, RuleEphemeralData)
	p.Examined("Mage container", mage, RuleEphemeralMageData)
}

type checker struct {
	pass  *acr.Pass
	ratio float64
	// connections counts the connection settings checkConnections read.
	connections int
}

func (c *checker) report(rule *acr.Rule, l manifest.Loc, format string, args ...any) {
	if !l.Valid() {
		return
	}
	c.pass.Reportf(rule, l.Pos(), l.EndPos(), format, args...)
}

func (c *checker) reportDiag(d acr.Diagnostic) { c.pass.Report(d) }

// list splits a comma-separated flag value.
func list(s string) []string { return listflag.Split(strings.ToLower(s)) }

func imagesOf(w *manifest.Workload) []string {
	var out []string
	if w.Image != nil && w.Image.Text != "" {
		out = append(out, w.Image.Text)
	}
	if w.BaseImage != "" {
		out = append(out, w.BaseImage)
	}
	return out
}

// hasImagePrefix reports whether the workload's image or the root image of
// its Dockerfile is a repository starting with prefix.
func hasImagePrefix(w *manifest.Workload, prefix string) bool {
	for _, img := range imagesOf(w) {
		if strings.HasPrefix(manifest.ImageRepo(img), prefix) {
			return true
		}
	}
	return false
}

// matchImage reports whether an image is one of the names: equal, or under
// any namespace for a name without a slash.
func matchImage(ref string, names []string) bool {
	repo := manifest.ImageRepo(ref)
	for _, n := range names {
		if repo == n || !strings.Contains(n, "/") && strings.HasSuffix(repo, "/"+n) {
			return true
		}
	}
	return false
}

func pct(x float64) string { return fmt.Sprintf("%.0f%%", x*100) }
