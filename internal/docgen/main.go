// Command docgen writes acr's documentation from the analyzers, so the
// rule pages, the 4+1 view checklists and the references can never drift
// from the code: docs/rules/<RULE>.md for every rule (from output.RuleDoc,
// the source acrvet help prints), docs/rules/README.md (the index),
// docs/checklists/*_view_review.md (the plan's criteria per view with the
// rules that check each), docs/references/*.md and docs/README.md.
//
// Run it from the module (go run ./internal/docgen, or go generate
// ./internal/docgen); with -check it writes nothing and fails when the
// docs on disk are stale. The prose of the checklists and references is in
// templates/; the lists of rules in them are generated.
package main

//go:generate go run .

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/acrvet/acr/passes/all"
)

func main() {
	root := flag.String("root", "", "module root (default: the nearest directory with a go.mod)")
	check := flag.Bool("check", false, "write nothing; exit 1 when the generated docs are stale")
	flag.Parse()
	dir := *root
	if dir == "" {
		d, err := moduleRoot()
		if err != nil {
			fmt.Fprintln(os.Stderr, "docgen:", err)
			os.Exit(1)
		}
		dir = d
	}
	pages, err := Generate(all.Analyzers())
	if err != nil {
		fmt.Fprintln(os.Stderr, "docgen:", err)
		os.Exit(1)
	}
	docs := filepath.Join(dir, "docs")
	if *check {
		if stale := Stale(docs, pages); len(stale) > 0 {
			fmt.Fprintf(os.Stderr, "docgen: stale docs (run go run ./internal/docgen):\n  %s\n", strings.Join(stale, "\n  "))
			os.Exit(1)
		}
		return
	}
	if err := Write(docs, pages); err != nil {
		fmt.Fprintln(os.Stderr, "docgen:", err)
		os.Exit(1)
	}
}

func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory: pass -root")
		}
		dir = parent
	}
}

// Stale returns the docs/ paths that differ from pages: missing, changed,
// or generated files the generator no longer writes.
func Stale(docs string, pages map[string][]byte) []string {
	var stale []string
	for p, want := range pages {
		got, err := os.ReadFile(filepath.Join(docs, filepath.FromSlash(p)))
		if err != nil {
			stale = append(stale, p+" (missing)")
		} else if !bytes.Equal(got, want) {
			stale = append(stale, p+" (out of date)")
		}
	}
	for _, p := range extraFiles(docs, pages) {
		stale = append(stale, p+" (no longer generated)")
	}
	sort.Strings(stale)
	return stale
}

// extraFiles lists files in the generated directories that pages lacks.
func extraFiles(docs string, pages map[string][]byte) []string {
	var extra []string
	for _, d := range GeneratedDirs {
		filepath.WalkDir(filepath.Join(docs, d), func(p string, e fs.DirEntry, err error) error {
			if err != nil || e.IsDir() {
				return nil
			}
			rel, _ := filepath.Rel(docs, p)
			rel = filepath.ToSlash(rel)
			if _, ok := pages[rel]; !ok {
				extra = append(extra, rel)
			}
			return nil
		})
	}
	return extra
}

// Write writes the pages under docs and removes generated files that are
// no longer generated (the page of a deleted rule).
func Write(docs string, pages map[string][]byte) error {
	for _, p := range extraFiles(docs, pages) {
		if err := os.Remove(filepath.Join(docs, filepath.FromSlash(p))); err != nil {
			return err
		}
	}
	for p, data := range pages {
		full := filepath.Join(docs, filepath.FromSlash(p))
		if old, err := os.ReadFile(full); err == nil && bytes.Equal(old, data) {
			continue
		}
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(full, data, 0o644); err != nil {
			return err
		}
	}
	return nil
}
