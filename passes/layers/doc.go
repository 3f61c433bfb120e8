// Package layers defines the layers pass: story DEV-REV-01-03 of the
// plan's epic REV-DEV-01, the monorepo structure of the Development view.
//
// # Analyzer layers
//
// layers: check that the monorepo's layers import only what the plan
// allows.
//
// The plan's layers (service, pipeline, common and extra_layers, each a
// list of directories) and its forbidden "from -> to" pairs form a
// contract like import-linter's forbidden contracts; the default is the
// spec's: src/service must not import src/pipeline. Every Python module of
// a layer on the importing side of a pair is read, whatever its content;
// tests may import any layer. Absolute imports resolve against the
// repository root and the parents of the layer directories ("src"),
// relative imports against the importing file; an import that lands in a
// forbidden layer is reported and the common library is named as the
// place for shared code (LAYER101).
//
// Before v0.2.0 the rule was MOJO701 of the mojo pass: the code MOJO701
// and the pass name mojo still select it, with a note (CHANGELOG.md).
package layers
