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
	// Rules are the ids of the rules that check this criterion. A rule of
	// the criterion's story that no criterion of the story lists falls to
	// the story's "other checks" line, so no rule is ever lost.
	Rules []string
	// Match narrows, per rule id, which findings of the rule are about
	// this criterion, by a regular expression on the message: for a rule
	// that checks several criteria of a story with one id. A finding that
	// matches the pattern of no criterion counts for every criterion of its
	// rule, so none is lost.
	Match map[string]string
}

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
	{ID: "§3.1.entities", View: acr.Logical, Story: "3.1", Text: "Core business entities (customers, products) are relational tables with primary and foreign keys; their keys are not kept only inside JSONB.", Rules: []string{"SCHEMA106"}},
	{ID: "§3.1.features", View: acr.Logical, Story: "3.1", Text: "Experimental and sparse features live in `jsonb` columns (schema-on-read), not `json` or text.", Rules: []string{"SCHEMA101"}},
	{ID: "§3.1.indexing", View: acr.Logical, Story: "3.1", Text: "Every JSONB column used for filtering is backed by a GIN index.", Rules: []string{"SCHEMA102", "SCHEMA103", "SCHEMA104"}},
	{ID: "§3.1.atomicity", View: acr.Logical, Story: "3.1", Text: "The ETL is decomposed into Mage blocks (loaders, transformers, exporters) that are atomic, reusable units.", Rules: []string{"SCHEMA301", "SCHEMA302"}},
	{ID: "LOG-REV-01-01.1", View: acr.Logical, Story: "LOG-REV-01-01", Text: "Migrations use `jsonb`, not `json`.", Rules: []string{"SCHEMA101"}},
	{ID: "LOG-REV-01-01.2", View: acr.Logical, Story: "LOG-REV-01-01", Text: "A `CREATE INDEX ... USING GIN` exists for each JSONB column.", Rules: []string{"SCHEMA102", "SCHEMA103"}},
	{ID: "LOG-REV-01-01.3", View: acr.Logical, Story: "LOG-REV-01-01", Text: "No `->>` in a `WHERE` clause without a B-tree index on that expression.", Rules: []string{"SCHEMA104"}},
	{ID: "LOG-REV-01-02.1", View: acr.Logical, Story: "LOG-REV-01-02", Text: "Feature tables include an `event_time` (or `valid_from`) timestamp.", Rules: []string{"SCHEMA201"}},
	{ID: "LOG-REV-01-02.2", View: acr.Logical, Story: "LOG-REV-01-02", Text: "Updates to feature tables are appends or versioned rows (SCD type 2), not in-place updates.", Rules: []string{"SCHEMA202"}},
	{ID: "LOG-REV-01-03.1", View: acr.Logical, Story: "LOG-REV-01-03", Text: "Transformer blocks return DataFrames only.", Rules: []string{"SCHEMA301"}},
	{ID: "LOG-REV-01-03.2", View: acr.Logical, Story: "LOG-REV-01-03", Text: "Transformer blocks do no side-effect I/O; writes belong in exporter blocks.", Rules: []string{"SCHEMA302"}},
	{ID: "SPK-REV-01", View: acr.Logical, Story: "SPK-REV-01", Text: "Deeply nested JSON structures and `json` types in migrations are flagged by a CI linter rule.", Rules: []string{"SCHEMA101", "SCHEMA105"}},

	// 3.2 Process view.
	{ID: "§3.2.inference", View: acr.Process, Story: "3.2", Text: "The FastAPI layer separates async I/O from blocking CPU work; ML inference is offloaded to a thread pool (`run_in_executor`).", Rules: []string{"ASYNC101", "ASYNC102", "ASYNC103", "ASYNC104", "ASYNC105", "ASYNC106", "ASYNC107", "ASYNC108", "ASYNC109", "ASYNC110"}},
	{ID: "§3.2.orchestration", View: acr.Process, Story: "3.2", Text: "Mage uses dynamic blocks to parallelize model training.", Rules: []string{"SCN105"}},
	{ID: "§3.2.caching", View: acr.Process, Story: "3.2", Text: "A look-aside Redis cache serves the sub-50 ms latency target.", Rules: []string{"ASYNC113", "ASYNC114", "ASYNC115"}},
	{ID: "PROC-REV-01-01.1", View: acr.Process, Story: "PROC-REV-01-01", Text: "No `time.sleep` in `async def`.", Rules: []string{"ASYNC101"}},
	{ID: "PROC-REV-01-01.2", View: acr.Process, Story: "PROC-REV-01-01", Text: "`h2o` prediction is wrapped in `run_in_executor` (or another thread-pool offload).", Rules: []string{"ASYNC109"}},
	{ID: "PROC-REV-01-01.3", View: acr.Process, Story: "PROC-REV-01-01", Text: "The `requests` library is replaced by `httpx` (async) on the event loop.", Rules: []string{"ASYNC102"}},
	{ID: "PROC-REV-01-02.1", View: acr.Process, Story: "PROC-REV-01-02", Text: "No `psycopg2` (sync driver) in the API.", Rules: []string{"ASYNC107", "ASYNC111"}},
	{ID: "PROC-REV-01-02.2", View: acr.Process, Story: "PROC-REV-01-02", Text: "Connection pools are created in the startup event, not per request.", Rules: []string{"ASYNC112"}},
	{ID: "PROC-REV-01-03.1", View: acr.Process, Story: "PROC-REV-01-03", Text: "Cache keys include the model version.", Rules: []string{"ASYNC114"}},
	{ID: "PROC-REV-01-03.2", View: acr.Process, Story: "PROC-REV-01-03", Text: "Cache `SET` operations carry an expiration (`ex`).", Rules: []string{"ASYNC113"}},
	{ID: "PROC-REV-01-03.3", View: acr.Process, Story: "PROC-REV-01-03", Text: "Fallback logic exists for a Redis failure.", Rules: []string{"ASYNC115"}},
	{ID: "SPK-REV-02", View: acr.Process, Story: "SPK-REV-02", Text: "CPU-bound pandas and numpy work inside `async def` routes is flagged.", Rules: []string{"ASYNC116"}},

	// 3.3 Development view.
	{ID: "§3.3.artifacts", View: acr.Development, Story: "3.3", Text: "Deployments use H2O MOJO artifacts only; POJOs are forbidden.", Rules: []string{"MOJO101", "MOJO102", "MOJO103", "MOJO201", "MOJO601"}},
	{ID: "§3.3.pinning", View: acr.Development, Story: "3.3", Text: "The H2O Python client, H2O cluster and H2O runtime versions are pinned and agree.", Rules: []string{"MOJO401", "MOJO402", "MOJO403", "MOJO501"}},
	{ID: "§3.3.monorepo", View: acr.Development, Story: "3.3", Text: "The monorepo keeps `src/pipeline` and `src/service` clearly separated.", Rules: []string{"MOJO701"}},
	{ID: "DEV-REV-01-01.1", View: acr.Development, Story: "DEV-REV-01-01", Text: "The Mage block exports with `model.download_mojo()`.", Rules: []string{"MOJO101", "MOJO102", "MOJO103", "MOJO201"}},
	{ID: "DEV-REV-01-01.2", View: acr.Development, Story: "DEV-REV-01-01", Text: "The exported file's extension is `.zip`.", Rules: []string{"MOJO104"}},
	{ID: "DEV-REV-01-01.3", View: acr.Development, Story: "DEV-REV-01-01", Text: "`get_genmodel_jar=True` is set where the runtime needs it.", Rules: []string{"MOJO105"}},
	{ID: "DEV-REV-01-02.1", View: acr.Development, Story: "DEV-REV-01-02", Text: "`requirements.txt` pins an exact `h2o` version.", Rules: []string{"MOJO401"}},
	{ID: "DEV-REV-01-02.2", View: acr.Development, Story: "DEV-REV-01-02", Text: "The Dockerfile downloads the matching `h2o.jar`.", Rules: []string{"MOJO402"}},
	{ID: "DEV-REV-01-02.3", View: acr.Development, Story: "DEV-REV-01-02", Text: "The versions are ones the scoring runtime supports.", Rules: []string{"MOJO403", "MOJO501", "MOJO601"}},
	{ID: "DEV-REV-01-03.1", View: acr.Development, Story: "DEV-REV-01-03", Text: "No direct imports from the pipeline in the service.", Rules: []string{"MOJO701"}},
	{ID: "DEV-REV-01-03.2", View: acr.Development, Story: "DEV-REV-01-03", Text: "Shared code lives in a common library."},
	{ID: "SPK-REV-03", View: acr.Development, Story: "SPK-REV-03", Text: "Every MOJO zip is validated in CI without starting an H2O cluster.", Rules: []string{"MOJO301", "MOJO302", "MOJO303", "MOJO304", "MOJO305", "MOJO306", "MOJO307"}},

	// 3.4 Physical view.
	{ID: "§3.4.memory", View: acr.Physical, Story: "3.4", Text: "Container configurations manage the split between JVM heap and native memory explicitly.", Rules: []string{"PHY101", "PHY102"}},
	{ID: "§3.4.persistence", View: acr.Physical, Story: "3.4", Text: "Stateful components (Postgres, Mage) use persistent volumes.", Rules: []string{"PHY104"}},
	{ID: "PHY-REV-01-01.1", View: acr.Physical, Story: "PHY-REV-01-01", Text: "The JVM options (`JAVA_OPTS`) set `-Xmx`.", Rules: []string{"PHY101", "PHY102"}, Match: map[string]string{"PHY101": `is not sized`}},
	{ID: "PHY-REV-01-01.2", View: acr.Physical, Story: "PHY-REV-01-01", Text: "The container's `memory` limit is defined.", Rules: []string{"PHY101"}, Match: map[string]string{"PHY101": `has no memory limit`}},
	{ID: "PHY-REV-01-01.3", View: acr.Physical, Story: "PHY-REV-01-01", Text: "The heap is sufficiently below the container limit (at most the plan's ratio, 70% by default).", Rules: []string{"PHY101"}, Match: map[string]string{"PHY101": `of the container memory|of its \S+ memory limit|not below its memory limit`}},
	{ID: "PHY-REV-01-02.1", View: acr.Physical, Story: "PHY-REV-01-02", Text: "Postgres and Redis ports are not mapped to the host (except in development).", Rules: []string{"PHY103"}, Match: map[string]string{"PHY103": `publishes container port|binds hostPort|network_mode: host|hostNetwork: true|outside the cluster`}},
	{ID: "PHY-REV-01-02.2", View: acr.Physical, Story: "PHY-REV-01-02", Text: "Services reach each other through internal DNS names.", Rules: []string{"PHY103"}, Match: map[string]string{"PHY103": `points at`}},
	{ID: "PHY-REV-01-03.1", View: acr.Physical, Story: "PHY-REV-01-03", Text: "Postgres data is on a named volume or PVC.", Rules: []string{"PHY104"}, Match: map[string]string{"PHY104": `Postgres data`}},
	{ID: "PHY-REV-01-03.2", View: acr.Physical, Story: "PHY-REV-01-03", Text: "Mage project data is on a named volume or PVC.", Rules: []string{"PHY104"}, Match: map[string]string{"PHY104": `Mage project data`}},

	// 3.5 Scenario view.
	{ID: "§3.5.drift", View: acr.Scenario, Story: "3.5", Text: "Data drift detection triggers automated retraining.", Rules: []string{"SCN104"}},
	{ID: "§3.5.hotswap", View: acr.Scenario, Story: "3.5", Text: "MOJO artifacts are hot-swapped without restarting the inference service.", Rules: []string{"SCN103"}},
	{ID: "SCN-REV-01-01.1", View: acr.Scenario, Story: "SCN-REV-01-01", Text: "An integration test simulates data drift.", Rules: []string{"SCN101"}},
	{ID: "SCN-REV-01-01.2", View: acr.Scenario, Story: "SCN-REV-01-01", Text: "The test verifies the Mage retraining trigger.", Rules: []string{"SCN101"}},
	{ID: "SCN-REV-01-01.3", View: acr.Scenario, Story: "SCN-REV-01-01", Text: "The test verifies a new MOJO export.", Rules: []string{"SCN101"}},
	{ID: "SCN-REV-01-02.1", View: acr.Scenario, Story: "SCN-REV-01-02", Text: "A load test (e.g. locust) runs during the model update.", Rules: []string{"SCN102"}},
	{ID: "SCN-REV-01-02.2", View: acr.Scenario, Story: "SCN-REV-01-02", Text: "No 5xx errors occur during the model swap.", Rules: []string{"SCN102"}},
}

// A Catalog is a plan's checkable points: its groups (sections, stories,
// spikes) and its criteria. A tool with its own plan passes its own
// catalog in Options.Catalog.
type Catalog struct {
	Groups   []Group
	Criteria []Criterion
	// Evidence extracts, from the results of a run, what passes recorded
	// per criterion (a pass whose result is an evidence table, such as the
	// scenario pass). Where there is evidence, the report splits a rule's
	// findings across the criteria whose gaps they are, shows the evidence
	// of met criteria, and marks criteria that do not apply as not checked.
	Evidence []EvidenceFunc
}

// EvidenceFunc returns the evidence rows a run's results hold; nil when the
// pass that records them did not run.
type EvidenceFunc func(res *checker.Result) []Evidence

// Evidence is what a pass found for one criterion of the catalog.
type Evidence struct {
	// Criterion is the catalog criterion id the row is about.
	Criterion string
	// Rule is the id of the rule that reports the row's gaps.
	Rule string
	// Applies is false when the repository has nothing the criterion is
	// about; Note says why.
	Applies bool
	Note    string
	// Found are the places that satisfy the criterion.
	Found []EvidenceLocation
	// Gaps are the findings of Rule that say the criterion is not met;
	// a gap of the repository as a whole has an empty Path.
	Gaps []EvidenceLocation
}

// EvidenceLocation is a place and what was found there (for a gap, the
// finding's message).
type EvidenceLocation struct {
	Path string
	Line int
	What string
}

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
	// Rules maps each criterion id to the ids of its rules, sorted. Rules
	// a criterion lists by id are kept even when idx lacks them (their
	// pass was not selected): the report marks them as not run.
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
// rules it lists by id; a rule of a story that no criterion lists gets the
// story's only criterion (spikes have one) or the story's "other checks"
// line.
func MapRules(criteria []Criterion, idx map[string]acr.RuleRef) *Mapping {
	m := &Mapping{Rules: map[string][]string{}}
	listed := map[string]bool{}
	perStory := map[string][]int{}
	for i, c := range criteria {
		perStory[c.Story] = append(perStory[c.Story], i)
		for _, id := range c.Rules {
			m.Rules[c.ID] = append(m.Rules[c.ID], id)
			listed[id] = true
		}
	}
	extra := map[string][]string{} // story -> rules for its other-checks line
	for _, id := range acr.SortedRuleIDs(idx) {
		if listed[id] {
			continue
		}
		story := idx[id].Rule.Story
		cs := perStory[story]
		switch {
		case story == "" || len(cs) == 0:
			m.Unmapped = append(m.Unmapped, id)
		case len(cs) == 1:
			cid := criteria[cs[0]].ID
			m.Rules[cid] = append(m.Rules[cid], id)
		default:
			extra[story] = append(extra[story], id)
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
