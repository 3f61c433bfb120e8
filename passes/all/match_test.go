package all_test

import (
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acrvet/acr/checker"
	"github.com/acrvet/acr/output"
	"github.com/acrvet/acr/passes/all"
)

// TestRuleFindingsLandOnTheirCriterion runs the passes over a small
// platform with one violation of each criterion that shares a rule with
// others, and checks that the report puts each finding on its criterion
// only: each cause has its own code, and each code declares its criteria.
func TestRuleFindingsLandOnTheirCriterion(t *testing.T) {
	root := writeRepo(t, map[string]string{
		"docker-compose.yml": `services:
  nolimit:
    image: h2oai/h2o-open-source-k8s:3.46.0.11
    environment:
      JAVA_TOOL_OPTIONS: "-Xmx4g"
  unsized:
    image: eclipse-temurin:21
    command: ["java", "-jar", "h2o.jar"]
    mem_limit: 8g
  tight:
    image: h2oai/h2o-open-source-k8s:3.46.0.11
    mem_limit: 8g
    environment:
      JAVA_TOOL_OPTIONS: "-Xmx7g"
  db:
    image: postgres:16
    ports: ["5432:5432"]
    volumes:
      - ./pgdata:/var/lib/postgresql/data
  api:
    image: python:3.12
    environment:
      DATABASE_URL: postgresql://app@localhost:5432/app
  mage:
    image: mageai/mageai:latest
    volumes:
      - ./mage:/home/src
    environment:
      MAGE_DATABASE_CONNECTION_URL: postgresql://mage@db:5432/mage
`,
	})
	res, err := checker.Run([]string{root}, all.Analyzers(), checker.Options{Root: root})
	require.NoError(t, err)
	al := output.Align(res, res.Findings, nil)
	got := map[int][]string{} // line -> criteria of the findings there
	var seen []string
	for _, cr := range al.Criteria {
		for _, fd := range cr.Findings {
			got[fd.Posn.Line] = append(got[fd.Posn.Line], cr.Criterion.ID)
			seen = append(seen, fd.Rule.ID+" "+fd.Posn.String()+": "+fd.Diagnostic.Message)
		}
	}
	want := map[int][]string{ // line of the finding -> its criteria
		2:  {"PHY-REV-01-01.2", "§3.4.memory"},      // nolimit: no memory limit
		6:  {"PHY-REV-01-01.1", "§3.4.memory"},      // unsized: no heap flag
		14: {"PHY-REV-01-01.3", "§3.4.memory"},      // tight: 7g of 8g
		17: {"PHY-REV-01-02.1"},                     // db: published port
		19: {"PHY-REV-01-03.1", "§3.4.persistence"}, // db: bind mount
		23: {"PHY-REV-01-02.2"},                     // api: localhost URL
		27: {"PHY-REV-01-03.2", "§3.4.persistence"}, // mage: bind mount
	}
	for line, crits := range want {
		c := append([]string(nil), got[line]...)
		sort.Strings(c)
		sort.Strings(crits)
		assert.Equal(t, crits, c, "line %d; findings:\n%v", line, seen)
	}
}
