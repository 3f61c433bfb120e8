// Package acr defines the interface between a polyglot review pass and the
// driver that runs it, modeled on golang.org/x/tools/go/analysis.
//
// An Analyzer describes one pass: its name and documentation, the artifact
// kinds it reads (Python, SQL, Compose, Kubernetes, Dockerfile, zip model
// artifacts ...), cheap byte triggers that keep files it cannot match from
// ever being parsed, the analyzers it requires, and the rules it reports.
// A Pass is one run of an Analyzer over the repository. Findings are
// go/analysis Diagnostics, so x/tools-shaped consumers read them unchanged;
// the Diagnostic's Category is the stable rule id.
//
// Severity, the story id of the architecture plan and the 4+1 view live with
// each Rule's documentation, as in staticcheck, not with each finding.
//
// # go/analysis and acr
//
// A Go tool author will find most of go/analysis here, over a repository of
// many languages instead of a Go package. What differs:
//
//	go/analysis                       acr
//	-----------                       ---
//	Analyzer.Run over one package     Analyzer.Run once over the repository: Pass.Files are its inputs,
//	                                  Pass.Repo every file the run found
//	Pass.Files []*ast.File            Pass.Files []*pass.File; parse with the fronts (pass/python,
//	                                  pass/sqlsrc, pass/yamlsrc ...), each parsing a file once per run
//	Pass.Report(Diagnostic)           Pass.Report(Diagnostic), Pass.Reportf(rule, ...), Pass.ReportDiag(rule, d)
//	                                  for fixes and related positions, Pass.ReportFile for whole files
//	Diagnostic.Category (free text)   the Rule.ID, required: every category is a documented Rule
//	Requires, ResultOf, ResultType    the same; a Run returning a value whose type is not ResultType is
//	                                  an error of the pass that names both types
//	Flags                             the same, also set from .acr.yaml settings:
//	FactTypes, ExportObjectFact ...   none: there are no packages to carry facts between; a pass that
//	                                  needs another's conclusions Requires it and reads ResultOf
//	RunDespiteErrors                  none: a file that does not parse is reported once (ACR001) and the
//	                                  fronts return error-tolerant trees, so every pass always runs
//	                                  on what could be read; a failed requirement skips its dependents
//	SuggestedFix, TextEdit            the same types; acrvet -fix applies the first fix of each finding
//	analysistest.Run, // want         analysistest.Run with want comments in each language's comment
//	                                  syntax; RunWithSuggestedFixes compares with FILE.golden
//	(none)                            Kinds and Triggers: which files a pass reads, decided before
//	                                  any parse; Rules with docs, severity and 4+1 view; FileLocal
//	                                  for CI shards; acr:ignore directives
//
// See the examples for writing a pass and running it, and package
// analysistest for testing it.
package acr
