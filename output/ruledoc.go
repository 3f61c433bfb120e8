package output

import (
	"fmt"
	"io"
	"strings"

	"github.com/acrvet/acr"
)

// RuleDoc writes a rule's documentation as Markdown, in ruff's shape: what
// it does, why it is bad, an example, what to use instead, fix safety and
// options, with staticcheck's severity and since. acrvet help RULE and the
// generated docs/rules pages both use it, so there is one source.
func RuleDoc(w io.Writer, ref acr.RuleRef) {
	r := ref.Rule
	fmt.Fprintf(w, "# %s: %s\n\n", r.ID, r.Title)
	pass := "acr (driver)"
	if ref.Analyzer != nil {
		pass = ref.Analyzer.Name
	}
	fmt.Fprintf(w, "- Name: `%s`\n- Pass: `%s`\n- Severity: %s\n", r.Name, pass, r.Severity)
	if r.View != "" {
		fmt.Fprintf(w, "- View: %s\n", r.View)
	}
	if r.Story != "" {
		fmt.Fprintf(w, "- Story: %s\n", r.Story)
	}
	if r.Since != "" {
		fmt.Fprintf(w, "- Since: %s\n", r.Since)
	}
	section(w, "What it does", r.What)
	section(w, "Why is this bad", r.Why)
	code(w, "Example", r.Example)
	code(w, "Use instead", r.UseInstead)
	if r.FixSafety != "" {
		section(w, "Fix safety", r.FixSafety)
	} else {
		section(w, "Fix safety", "No automatic fix: the change needs a person's judgement.")
	}
	section(w, "Options", r.Options)
	if len(r.References) > 0 {
		fmt.Fprintf(w, "\n## References\n\n")
		for _, ref := range r.References {
			fmt.Fprintf(w, "- %s\n", ref)
		}
	}
}

func section(w io.Writer, title, body string) {
	if strings.TrimSpace(body) == "" {
		return
	}
	fmt.Fprintf(w, "\n## %s\n\n%s\n", title, strings.TrimSpace(body))
}

func code(w io.Writer, title, body string) {
	if strings.TrimSpace(body) == "" {
		return
	}
	fmt.Fprintf(w, "\n## %s\n\n```\n%s\n```\n", title, strings.Trim(body, "\n"))
}
