package output

import (
	"sort"
	"strings"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/checker"
)

// A Criterion is one checkable point of the architecture plan: an
// acceptance criterion (✅) of a user story, the outcome of a spike, or a
// constraint of the 4+1 views of the plan's section 3.
type Criterion struct {
	// ID is stable: STORY.N for the Nth acceptance criterion of a story,
	// the spike id for a spike, and §SECTION.topic for a constraint.
	ID string
	// View is the 4+1 view the criterion belongs to.
	View acr.View
	// Story is the story or spike id, or the section ("3.2") of a
	// constraint. Rules declare it in acr.Rule.Story.
	Story string
	// Text is the criterion, in Markdown.
	Text string
	// Requires names what the plan requires the repository to have for
	// the criterion ("a Redis cache"). When the criterion's rules ran and
	// examined nothing, the criterion is missing rather than not
	// applicable. Empty: the criterion only constrains what exists.
	Requires string
	// Manual says why no rule checks the criterion and how a reviewer
	// checks it by hand; the report shows it on the unchecked line.
	Manual string
}

// The rules that check a criterion declare it (acr.Rule.Criteria): the
// catalog holds the plan's words, the rules say which of them their
// findings are gaps of. A rule of a story that declares no criterion falls
// to the story's only criterion or to its "other checks" line, so no rule
// is ever lost.

// A Group is a story, spike or section of the plan: its criteria share a
// Story id and print under one heading.
type Group struct {
	Story string
	View  acr.View
	Title string
	Epic  string // the epic of a story or spike; empty for a section
}

// Groups lists the plan's sections, stories and spikes, in the order the
// report and the checklists print them: per view, the section's
// constraints, then the stories, then the spike.
var Groups = []Group{
	{Story: "3.1", View: acr.Logical, Title: "Logical view: the hybrid data model"},
	{Story: "LOG-REV-01-01", View: acr.Logical, Title: "JSONB indexing verification", Epic: "REV-LOG-01"},
	{Story: "LOG-REV-01-02", View: acr.Logical, Title: "Feature time-travel compliance", Epic: "REV-LOG-01"},
	{Story: "LOG-REV-01-03", View: acr.Logical, Title: "Mage block atomicity check", Epic: "REV-LOG-01"},
	{Story: "SPK-REV-01", View: acr.Logical, Title: "Spike: deeply nested JSON in migrations", Epic: "REV-LOG-01"},

	{Story: "3.2", View: acr.Process, Title: "Process view: concurrency and orchestration"},
	{Story: "PROC-REV-01-01", View: acr.Process, Title: "Blocking call isolation", Epic: "REV-PROC-01"},
	{Story: "PROC-REV-01-02", View: acr.Process, Title: "DB connection pooling gate", Epic: "REV-PROC-01"},
	{Story: "PROC-REV-01-03", View: acr.Process, Title: "Redis caching pattern review", Epic: "REV-PROC-01"},
	{Story: "SPK-REV-02", View: acr.Process, Title: "Spike: CPU-bound pandas work in FastAPI routes", Epic: "REV-PROC-01"},

	{Story: "3.3", View: acr.Development, Title: "Development view: artifacts and code structure"},
	{Story: "DEV-REV-01-01", View: acr.Development, Title: "MOJO mandate enforcement", Epic: "REV-DEV-01"},
	{Story: "DEV-REV-01-02", View: acr.Development, Title: "H2O version pinning", Epic: "REV-DEV-01"},
	{Story: "DEV-REV-01-03", View: acr.Development, Title: "Monorepo structure check", Epic: "REV-DEV-01"},
	{Story: "SPK-REV-03", View: acr.Development, Title: "Spike: MOJO validity without an H2O cluster", Epic: "REV-DEV-01"},

	{Story: "3.4", View: acr.Physical, Title: "Physical view: topology and resources"},
	{Story: "PHY-REV-01-01", View: acr.Physical, Title: "Memory split verification", Epic: "REV-PHY-01"},
	{Story: "PHY-REV-01-02", View: acr.Physical, Title: "Network security review", Epic: "REV-PHY-01"},
	{Story: "PHY-REV-01-03", View: acr.Physical, Title: "Volume persistence check", Epic: "REV-PHY-01"},

	{Story: "3.5", View: acr.Scenario, Title: "Scenario view: validation"},
	{Story: "SCN-REV-01-01", View: acr.Scenario, Title: "Drift detection test verification", Epic: "REV-SCN-01"},
	{Story: "SCN-REV-01-02", View: acr.Scenario, Title: "Zero-downtime swap verification", Epic: "REV-SCN-01"},
}

// Criteria is the plan's catalog of checkable points. The Markdown report
// marks each pass, fail or not checked, and the generated checklists
// (docs/checklists) list the rules that enforce each; both read this one
// table.
var Criteria = []Criterion{
	// 3.1 Logical view.
	{ID: "§3.1.entities", View: acr.Logical, Story: "3.1", Text: "Core business entities (customers, products) are relational tables with primary and foreign keys; their keys are not kept only inside JSONB."},
	{ID: "§3.1.features", View: acr.Logical, Story: "3.1", Text: "Experimental and sparse features live in `jsonb` columns (schema-on-read), not `json` or text.", Requires: "jsonb feature columns"},
	{ID: "§3.1.indexing", View: acr.Logical, Story: "3.1", Text: "Every JSONB column used for filtering is backed by a GIN index."},
	{ID: "§3.1.atomicity", View: acr.Logical, Story: "3.1", Text: "The ETL is decomposed into Mage blocks (loaders, transformers, exporters) that are atomic, reusable units.", Requires: "Mage pipeline blocks"},
	{ID: "LOG-REV-01-01.1", View: acr.Logical, Story: "LOG-REV-01-01", Text: "Migrations use `jsonb`, not `json`."},
	{ID: "LOG-REV-01-01.2", View: acr.Logical, Story: "LOG-REV-01-01", Text: "A `CREATE INDEX ... USING GIN` exists for each JSONB column."},
	{ID: "LOG-REV-01-01.3", View: acr.Logical, Story: "LOG-REV-01-01", Text: "No `->>` in a `WHERE` clause without a B-tree index on that expression."},
	{ID: "LOG-REV-01-02.1", View: acr.Logical, Story: "LOG-REV-01-02", Text: "Feature tables include an `event_time` (or `valid_from`) timestamp."},
	{ID: "LOG-REV-01-02.2", View: acr.Logical, Story: "LOG-REV-01-02", Text: "Updates to feature tables are appends or versioned rows (SCD type 2), not in-place updates."},
	{ID: "LOG-REV-01-03.1", View: acr.Logical, Story: "LOG-REV-01-03", Text: "Transformer blocks return DataFrames only."},
	{ID: "LOG-REV-01-03.2", View: acr.Logical, Story: "LOG-REV-01-03", Text: "Transformer blocks do no side-effect I/O; writes belong in exporter blocks."},
	{ID: "SPK-REV-01", View: acr.Logical, Story: "SPK-REV-01", Text: "Deeply nested JSON structures and `json` types in migrations are flagged by a CI linter rule."},

	// 3.2 Process view.
	{ID: "§3.2.inference", View: acr.Process, Story: "3.2", Text: "The FastAPI layer separates async I/O from blocking CPU work; ML inference is offloaded to a thread pool (`run_in_executor`)."},
	{ID: "§3.2.orchestration", View: acr.Process, Story: "3.2", Text: "Mage uses dynamic blocks to parallelize model training."},
	{ID: "§3.2.caching", View: acr.Process, Story: "3.2", Text: "A look-aside Redis cache serves the sub-50 ms latency target.", Requires: "a Redis cache"},
	{ID: "PROC-REV-01-01.1", View: acr.Process, Story: "PROC-REV-01-01", Text: "No `time.sleep` in `async def`."},
	{ID: "PROC-REV-01-01.2", View: acr.Process, Story: "PROC-REV-01-01", Text: "`h2o` prediction is wrapped in `run_in_executor` (or another thread-pool offload)."},
	{ID: "PROC-REV-01-01.3", View: acr.Process, Story: "PROC-REV-01-01", Text: "The `requests` library is replaced by `httpx` (async) on the event loop."},
	{ID: "PROC-REV-01-02.1", View: acr.Process, Story: "PROC-REV-01-02", Text: "No `psycopg2` (sync driver) in the API."},
	{ID: "PROC-REV-01-02.2", View: acr.Process, Story: "PROC-REV-01-02", Text: "Connection pools are created in the startup event, not per request."},
	{ID: "PROC-REV-01-03.1", View: acr.Process, Story: "PROC-REV-01-03", Text: "Cache keys include the model version."},
	{ID: "PROC-REV-01-03.2", View: acr.Process, Story: "PROC-REV-01-03", Text: "Cache `SET` operations carry an expiration (`ex`)."},
	{ID: "PROC-REV-01-03.3", View: acr.Process, Story: "PROC-REV-01-03", Text: "Fallback logic exists for a Redis failure."},
	{ID: "SPK-REV-02", View: acr.Process, Story: "SPK-REV-02", Text: "CPU-bound pandas and numpy work inside `async def` routes is flagged."},

	// 3.3 Development view.
	{ID: "§3.3.artifacts", View: acr.Development, Story: "3.3", Text: "Deployments use H2O MOJO artifacts only; POJOs are forbidden.", Requires: "H2O model exports or MOJO artifacts"},
	{ID: "§3.3.pinning", View: acr.Development, Story: "3.3", Text: "The H2O Python client, H2O cluster and H2O runtime versions are pinned and agree."},
	{ID: "§3.3.monorepo", View: acr.Development, Story: "3.3", Text: "The monorepo keeps `src/pipeline` and `src/service` clearly separated."},
	{ID: "DEV-REV-01-01.1", View: acr.Development, Story: "DEV-REV-01-01", Text: "The Mage block exports with `model.download_mojo()`."},
	{ID: "DEV-REV-01-01.2", View: acr.Development, Story: "DEV-REV-01-01", Text: "The exported file's extension is `.zip`."},
	{ID: "DEV-REV-01-01.3", View: acr.Development, Story: "DEV-REV-01-01", Text: "`get_genmodel_jar=True` is set where the runtime needs it."},
	{ID: "DEV-REV-01-02.1", View: acr.Development, Story: "DEV-REV-01-02", Text: "`requirements.txt` pins an exact `h2o` version."},
	{ID: "DEV-REV-01-02.2", View: acr.Development, Story: "DEV-REV-01-02", Text: "The Dockerfile downloads the matching `h2o.jar`."},
	{ID: "DEV-REV-01-02.3", View: acr.Development, Story: "DEV-REV-01-02", Text: "The versions are ones the scoring runtime supports."},
	{ID: "DEV-REV-01-03.1", View: acr.Development, Story: "DEV-REV-01-03", Text: "No direct imports from the pipeline in the service."},
	{ID: "DEV-REV-01-03.2", View: acr.Development, Story: "DEV-REV-01-03", Text: "Shared code lives in a common library.", Manual: "whether code is shared, and so belongs in src/common, is a design judgement; LAYER101 keeps the service and the pipeline from importing each other"},
	{ID: "SPK-REV-03", View: acr.Development, Story: "SPK-REV-03", Text: "Every MOJO zip is validated in CI without starting an H2O cluster."},

	// 3.4 Physical view.
	{ID: "§3.4.memory", View: acr.Physical, Story: "3.4", Text: "Container configurations manage the split between JVM heap and native memory explicitly."},
	{ID: "§3.4.persistence", View: acr.Physical, Story: "3.4", Text: "Stateful components (Postgres, Mage) use persistent volumes."},
	{ID: "PHY-REV-01-01.1", View: acr.Physical, Story: "PHY-REV-01-01", Text: "The JVM options (`JAVA_OPTS`) set `-Xmx`."},
	{ID: "PHY-REV-01-01.2", View: acr.Physical, Story: "PHY-REV-01-01", Text: "The container's `memory` limit is defined."},
	{ID: "PHY-REV-01-01.3", View: acr.Physical, Story: "PHY-REV-01-01", Text: "The heap is sufficiently below the container limit (at most the plan's ratio, 70% by default)."},
	{ID: "PHY-REV-01-02.1", View: acr.Physical, Story: "PHY-REV-01-02", Text: "Postgres and Redis ports are not mapped to the host (except in development)."},
	{ID: "PHY-REV-01-02.2", View: acr.Physical, Story: "PHY-REV-01-02", Text: "Services reach each other through internal DNS names."},
	{ID: "PHY-REV-01-03.1", View: acr.Physical, Story: "PHY-REV-01-03", Text: "Postgres data is on a named volume or PVC."},
	{ID: "PHY-REV-01-03.2", View: acr.Physical, Story: "PHY-REV-01-03", Text: "Mage project data is on a named volume or PVC."},

	// 3.5 Scenario view.
	{ID: "§3.5.drift", View: acr.Scenario, Story: "3.5", Text: "Data drift detection triggers automated retraining."},
	{ID: "§3.5.hotswap", View: acr.Scenario, Story: "3.5", Text: "MOJO artifacts are hot-swapped without restarting the inference service."},
	{ID: "SCN-REV-01-01.1", View: acr.Scenario, Story: "SCN-REV-01-01", Text: "An integration test simulates data drift."},
	{ID: "SCN-REV-01-01.2", View: acr.Scenario, Story: "SCN-REV-01-01", Text: "The test verifies the Mage retraining trigger."},
	{ID: "SCN-REV-01-01.3", View: acr.Scenario, Story: "SCN-REV-01-01", Text: "The test verifies a new MOJO export."},
	{ID: "SCN-REV-01-02.1", View: acr.Scenario, Story: "SCN-REV-01-02", Text: "A load test (e.g. locust) runs during the model update."},
	{ID: "SCN-REV-01-02.2", View: acr.Scenario, Story: "SCN-REV-01-02", Text: "No 5xx errors occur during the model swap."},
}

// A Catalog is a plan's checkable points: its groups (sections, stories,
// spikes) and its criteria. A tool with its own plan passes its own
// catalog in Options.Catalog.
type Catalog struct {
	Groups   []Group
	Criteria []Criterion
	// Evidence extracts more evidence rows from the results of a run, for
	// a tool whose passes keep evidence in another form; results that are
	// acr.EvidenceTables (the scenario pass's) are read without it. Where
	// there is evidence, the report splits a rule's findings across the
	// criteria whose gaps they are, shows the evidence of met criteria, and
	// marks criteria that do not apply as not applicable.
	Evidence []EvidenceFunc
	// Analyzers are the passes whose rules check the criteria, whether or
	// not a run selected them: the report lists the rules of a pass that
	// did not run as not run, rather than the criterion as unchecked by
	// any rule. Nil: the run's own analyzers.
	Analyzers []*acr.Analyzer
}

// EvidenceFunc returns evidence rows of a run beyond those of the pass
// results that are acr.EvidenceTables (which Align reads by itself).
type EvidenceFunc func(res *checker.Result) []Evidence

// Evidence is what a pass found for one criterion of the catalog.
type Evidence = acr.CriterionEvidence

// EvidenceLocation is a place and what was found there (for a gap, the
// finding's message).
type EvidenceLocation = acr.Place

// DefaultCatalog is the catalog of acr's plan: the spec's stories, spikes
// and section 3 constraints.
var DefaultCatalog = &Catalog{Groups: Groups, Criteria: Criteria}

// GroupOf returns the group of a story id, and whether there is one.
func (cat *Catalog) GroupOf(story string) (Group, bool) {
	for _, g := range cat.Groups {
		if g.Story == story {
			return g, true
		}
	}
	return Group{}, false
}

// Mapping is the assignment of the rules of a run to the plan's criteria.
type Mapping struct {
	// Criteria are the catalog's criteria plus one "other checks" line for
	// each story that has rules no criterion of it lists, in print order.
	Criteria []Criterion
	// Rules maps each criterion id to the ids of its rules, sorted.
	Rules map[string][]string
	// Unmapped are the ids of rules that belong to no criterion (the
	// driver's own, a custom pass's, a story the plan does not have).
	Unmapped []string
}

// OtherChecksID returns the id of a story's "other checks" line.
func OtherChecksID(story string) string {
	if story != "" && story[0] >= '0' && story[0] <= '9' {
		return "§" + story + ".other"
	}
	return story + ".other"
}

// MapRules assigns the rules of idx to the criteria: a criterion gets the
// rules that declare it (acr.Rule.Criteria); a rule that declares none
// gets its story's only criterion (spikes have one) or the story's "other
// checks" line.
func MapRules(criteria []Criterion, idx map[string]acr.RuleRef) *Mapping {
	m := &Mapping{Rules: map[string][]string{}}
	known := map[string]bool{}
	perStory := map[string][]int{}
	for i, c := range criteria {
		perStory[c.Story] = append(perStory[c.Story], i)
		known[c.ID] = true
	}
	extra := map[string][]string{} // story -> rules for its other-checks line
	for _, id := range acr.SortedRuleIDs(idx) {
		rule := idx[id].Rule
		declared := false
		for _, cid := range rule.Criteria {
			if known[cid] {
				m.Rules[cid] = append(m.Rules[cid], id)
				declared = true
			}
		}
		if declared {
			continue
		}
		cs := perStory[rule.Story]
		switch {
		case rule.Story == "" || len(cs) == 0:
			m.Unmapped = append(m.Unmapped, id)
		case len(cs) == 1:
			cid := criteria[cs[0]].ID
			m.Rules[cid] = append(m.Rules[cid], id)
		default:
			extra[rule.Story] = append(extra[rule.Story], id)
		}
	}
	for i, c := range criteria {
		m.Criteria = append(m.Criteria, c)
		last := i+1 == len(criteria) || criteria[i+1].Story != c.Story
		if last && len(extra[c.Story]) > 0 {
			other := Criterion{ID: OtherChecksID(c.Story), View: c.View, Story: c.Story, Text: "Further checks of " + c.Story + ", beyond its acceptance criteria."}
			m.Criteria = append(m.Criteria, other)
			m.Rules[other.ID] = extra[c.Story]
		}
	}
	for id := range m.Rules {
		sort.Strings(m.Rules[id])
	}
	return m
}

// CriteriaOfRule returns the ids of the criteria a rule is mapped to.
func (m *Mapping) CriteriaOfRule(ruleID string) []string {
	var out []string
	for _, c := range m.Criteria {
		for _, id := range m.Rules[c.ID] {
			if id == ruleID {
				out = append(out, c.ID)
			}
		}
	}
	return out
}

// Anchor returns the Markdown heading anchor of a criterion id, as the
// checklists and the report link to it.
func Anchor(id string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(id) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-':
			b.WriteRune(r)
		case r == '.':
			b.WriteByte('-')
		}
	}
	return b.String()
}
