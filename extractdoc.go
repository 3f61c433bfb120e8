package acr

import (
	"fmt"
	"go/parser"
	"go/token"
	"strings"
)

// MustExtractDoc returns the documentation of the analyzer name from the
// package comment of a doc.go file's content (embedded with go:embed), as
// x/tools' analyzerutil.MustExtractDoc does, so `acrvet help`, the
// generated docs and pkg.go.dev read one text. The comment holds a section
// headed "# Analyzer NAME" whose first line is "NAME: summary"; the section
// runs to the next heading. The result is the summary, a blank line and
// the rest of the section. It panics when the section is missing, so a
// package whose doc.go lost it fails as soon as it is imported.
func MustExtractDoc(content, name string) string {
	doc, err := ExtractDoc(content, name)
	if err != nil {
		panic(err)
	}
	return doc
}

// ExtractDoc is MustExtractDoc returning an error.
func ExtractDoc(content, name string) (string, error) {
	f, err := parser.ParseFile(token.NewFileSet(), "doc.go", content, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil {
		return "", fmt.Errorf("doc.go of %s: %v", name, err)
	}
	if f.Doc == nil {
		return "", fmt.Errorf("doc.go of %s has no package comment", name)
	}
	heading := "# Analyzer " + name
	lines := strings.Split(f.Doc.Text(), "\n")
	start := -1
	for i, l := range lines {
		if strings.TrimSpace(l) == heading {
			start = i + 1
			break
		}
	}
	if start < 0 {
		return "", fmt.Errorf("doc.go of %s has no %q section", name, heading)
	}
	end := len(lines)
	for i := start; i < len(lines); i++ {
		if strings.HasPrefix(lines[i], "# ") {
			end = i
			break
		}
	}
	section := strings.TrimSpace(strings.Join(lines[start:end], "\n"))
	summary, rest, _ := strings.Cut(section, "\n\n")
	summary, ok := strings.CutPrefix(summary, name+": ")
	if !ok {
		return "", fmt.Errorf("doc.go of %s: the %q section must start with %q", name, heading, name+": summary")
	}
	summary = strings.Join(strings.Fields(summary), " ")
	summary = strings.TrimSuffix(summary, ".")
	if rest = strings.TrimSpace(rest); rest == "" {
		return summary, nil
	}
	return summary + "\n\n" + rest, nil
}
