// Command acrvet reviews a converged data and ML platform repository
// against its architecture plan with every acr pass.
//
// Usage:
//
//	acrvet [-flag] [path|dir|dir/...]...
//
// Run `acrvet help` for the passes and rules and `acrvet -h` for flags.
package main

import (
	"github.com/acrvet/acr/multichecker"
	"github.com/acrvet/acr/passes/all"
)

func main() { multichecker.Main(all.Analyzers()...) }
