// Package role tells what part a file plays in a repository from its path:
// the code that runs in production, or tests, benchmarks, examples, one-off
// scripts, migrations and documentation around it.
//
// Many rules only matter where the code serves users: blocking the event loop
// of a test harms nobody, and a query that a backfill script runs once needs
// no index. Passes ask Of(path, plan) instead of keeping their own lists of
// directory names, so every rule agrees on what a test or a script is.
package role

import (
	"path"
	"strings"
)

// Role is the part a file plays in the repository.
type Role uint8

const (
	// Source is code that runs in the product: services, pipelines,
	// libraries. It is the default.
	Source Role = iota
	// Test is the test suite: test modules, conftest.py, fixtures and
	// helpers under a test directory.
	Test
	// Benchmark is performance or load measurement code.
	Benchmark
	// Example is sample, tutorial and documentation code that users copy
	// but that does not run in the product.
	Example
	// Script is a one-off or operator script: backfills, maintenance and
	// developer tooling run by hand.
	Script
	// Migration is a schema migration (Alembic versions, SQL migration
	// directories): it runs once per database.
	Migration
)

var names = [...]string{Source: "source", Test: "test", Benchmark: "benchmark", Example: "example", Script: "script", Migration: "migration"}

func (r Role) String() string {
	if int(r) < len(names) {
		return names[r]
	}
	return "unknown"
}

// Serving reports whether code of this role runs in the product, where
// process-view findings (a blocked event loop, a missing index) cost users.
func (r Role) Serving() bool { return r == Source }

// dirRoles maps a directory name, lower case, to the role of every file
// below it. A name is matched against each directory of the path, so
// src/app/tests/unit/x.py is a test.
var dirRoles = map[string]Role{
	"test": Test, "tests": Test, "testing": Test, "__tests__": Test, "e2e": Test,
	"integration_tests": Test, "unit_tests": Test, "test_utils": Test, "testdata": Test, "fixtures": Test, "stub": Test, "stubs": Test,
	"bench": Benchmark, "benches": Benchmark, "benchmark": Benchmark, "benchmarks": Benchmark,
	"load_tests": Benchmark, "loadtests": Benchmark, "perf": Benchmark,
	"example": Example, "examples": Example, "sample": Example, "samples": Example,
	"tutorial": Example, "tutorials": Example, "docs": Example, "doc": Example,
	"docs_src": Example, "cookbook": Example, "cookbooks": Example, "demo": Example, "demos": Example,
	"notebooks": Example,
	"scripts":   Script, "script": Script, "hack": Script, "tools": Script, "devtools": Script,
	"migrations": Migration, "versions": Migration, "migration": Migration,
}

// toolDirs are Script directories only near the root of the repository
// (tools/, backend/tools/): app/agent/tools/ is part of the product.
var toolDirs = map[string]bool{"tools": true, "hack": true, "devtools": true}

// Of returns the role of the file at the repo-relative slash path p.
// testDirs are the plan's test directories (repo-relative), which count as
// tests wherever they are. The innermost directory with a role decides, so
// tests/scripts/x.py is a script of the test suite: a Test. A file's own
// name decides before its directories for tests (test_x.py, x_test.py,
// conftest.py) and benchmarks (bench_x.py).
func Of(p string, testDirs []string) Role {
	for _, d := range testDirs {
		d = strings.Trim(d, "/")
		if d != "" && (p == d || strings.HasPrefix(p, d+"/")) {
			return Test
		}
	}
	base := strings.ToLower(path.Base(p))
	stem := strings.TrimSuffix(base, path.Ext(base))
	switch {
	case base == "conftest.py" || strings.HasPrefix(stem, "test_") || strings.HasSuffix(stem, "_test") ||
		strings.HasSuffix(stem, "_tests") || stem == "tests" || strings.HasSuffix(base, ".test.ts") ||
		strings.HasSuffix(base, ".spec.ts"):
		return Test
	case strings.HasPrefix(stem, "bench_") || strings.HasSuffix(stem, "_bench") || stem == "locustfile":
		return Benchmark
	}
	dirs := strings.Split(path.Dir(p), "/")
	// An outer test directory wins over an inner one of another role: the
	// scripts and examples of a test suite are tests.
	for _, d := range dirs {
		if r, ok := dirRoles[strings.ToLower(d)]; ok && r == Test {
			return Test
		}
	}
	for i := len(dirs) - 1; i >= 0; i-- {
		r, ok := dirRoles[strings.ToLower(dirs[i])]
		if !ok {
			continue
		}
		if i > 1 && toolDirs[strings.ToLower(dirs[i])] {
			continue // deep in a package, tools are the product's (an agent's tools), not developer tooling
		}
		if r == Migration && strings.ToLower(dirs[i]) == "versions" && !underMigrationTool(dirs[:i]) {
			continue // "versions" is a migration directory only under alembic/ or migrations/
		}
		return r
	}
	return Source
}

// underMigrationTool reports whether a "versions" directory sits in an
// Alembic or migrations tree.
func underMigrationTool(parents []string) bool {
	if len(parents) == 0 {
		return false
	}
	last := strings.ToLower(parents[len(parents)-1])
	return last == "alembic" || last == "migrations" || strings.HasSuffix(last, "_migrations") || strings.HasSuffix(last, "-migrations")
}
