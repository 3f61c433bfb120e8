//go:build !cgo

package python

// acrvet parses Python with tree-sitter and SQL with libpg_query, both C
// libraries. Without cgo their Go bindings are empty and the build would
// fail with undefined names; this constant fails it first, with the cause.
const _ = "acrvet needs cgo and a C compiler: set CGO_ENABLED=1 and install gcc or clang" * 1
