package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/output"
	"github.com/acrvet/acr/passes/all"
)

// TestDocsAreFresh fails when docs/ differs from what the analyzers
// generate: a rule added, changed or removed without running the
// generator.
func TestDocsAreFresh(t *testing.T) {
	pages, err := Generate(all.Analyzers())
	require.NoError(t, err)
	stale := Stale(filepath.Join("..", "..", "docs"), pages)
	assert.Empty(t, stale, "the generated docs are stale: run go run ./internal/docgen")
}

func TestEveryRuleHasAPage(t *testing.T) {
	pages, err := Generate(all.Analyzers())
	require.NoError(t, err)
	idx := acr.RuleIndex(all.Analyzers())
	for id, ref := range idx {
		page := string(pages["rules/"+id+".md"])
		require.NotEmpty(t, page, id)
		assert.True(t, strings.HasPrefix(page, Header), id)
		assert.Contains(t, page, "# "+id+": "+ref.Rule.Title, id)
		assert.Contains(t, page, "## What it does", id)
		assert.Contains(t, string(pages["rules/README.md"]), "["+id+"]("+id+".md)", id)
	}
	for _, c := range checklists {
		assert.NotEmpty(t, pages["checklists/"+c.File], c.File)
	}
	for _, r := range references {
		assert.NotEmpty(t, pages["references/"+r.File], r.File)
	}
}

// TestLinksResolve checks every relative link of the generated pages:
// the file exists among the pages (or in docs/ for hand-written ones) and
// its #anchor is defined there.
func TestLinksResolve(t *testing.T) {
	pages, err := Generate(all.Analyzers())
	require.NoError(t, err)
	link := regexp.MustCompile(`\]\(([^)#:]*)(#[^)]*)?\)`)
	anchor := regexp.MustCompile(`<a id="([^"]+)"></a>`)
	heading := regexp.MustCompile(`(?m)^#{1,6} (.+)$`)
	anchors := map[string]map[string]bool{}
	for p, data := range pages {
		anchors[p] = map[string]bool{}
		for _, m := range anchor.FindAllStringSubmatch(string(data), -1) {
			anchors[p][m[1]] = true
		}
		for _, m := range heading.FindAllStringSubmatch(string(data), -1) {
			anchors[p][githubAnchor(m[1])] = true
		}
	}
	for p, data := range pages {
		for _, m := range link.FindAllStringSubmatch(string(data), -1) {
			target := p
			if m[1] != "" {
				target = filepath.ToSlash(filepath.Clean(filepath.Join(filepath.Dir(p), m[1])))
			}
			if _, ok := pages[target]; !ok {
				_, err := os.Stat(filepath.Join("..", "..", "docs", target))
				assert.NoError(t, err, "%s links to %s, which does not exist", p, m[1])
				continue
			}
			if frag := strings.TrimPrefix(m[2], "#"); frag != "" {
				assert.True(t, anchors[target][frag], "%s links to %s#%s, which has no such anchor", p, target, frag)
			}
		}
	}
}

// githubAnchor is the anchor GitHub gives a heading.
func githubAnchor(h string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(h) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-', r == '_':
			b.WriteRune(r)
		case r == ' ':
			b.WriteByte('-')
		}
	}
	return b.String()
}

// TestChecklistsListEveryCriterion checks that each criterion of the plan
// appears in its view's checklist with its anchor, and that a criterion
// with rules links them.
func TestChecklistsListEveryCriterion(t *testing.T) {
	pages, err := Generate(all.Analyzers())
	require.NoError(t, err)
	m := output.MapRules(output.Criteria, acr.RuleIndex(all.Analyzers()))
	for _, c := range m.Criteria {
		page := string(pages["checklists/"+checklistOf(c.View)])
		assert.Contains(t, page, `<a id="`+output.Anchor(c.ID)+`"></a>**`+c.ID+`**`, c.ID)
		for _, id := range m.Rules[c.ID] {
			assert.Contains(t, page, "["+id+"](../rules/"+id+".md)", "%s: rule %s", c.ID, id)
		}
	}
}

func TestStaleDetectsChanges(t *testing.T) {
	dir := t.TempDir()
	pages := map[string][]byte{"rules/A1.md": []byte("a\n"), "README.md": []byte("r\n")}
	require.NoError(t, Write(dir, pages))
	assert.Empty(t, Stale(dir, pages))

	require.NoError(t, os.WriteFile(filepath.Join(dir, "rules", "A1.md"), []byte("edited\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "rules", "GONE1.md"), []byte("old\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "ci.md"), []byte("hand-written\n"), 0o644))
	pages["checklists/x.md"] = []byte("x\n")
	assert.Equal(t, []string{"checklists/x.md (missing)", "rules/A1.md (out of date)", "rules/GONE1.md (no longer generated)"}, Stale(dir, pages))

	require.NoError(t, Write(dir, pages))
	assert.Empty(t, Stale(dir, pages))
	_, err := os.Stat(filepath.Join(dir, "rules", "GONE1.md"))
	assert.ErrorIs(t, err, os.ErrNotExist, "the page of a removed rule is deleted")
	_, err = os.Stat(filepath.Join(dir, "ci.md"))
	assert.NoError(t, err, "hand-written pages outside the generated directories stay")
}
