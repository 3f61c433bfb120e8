// Package sarifschema validates SARIF logs against the official OASIS
// SARIF 2.1.0 JSON schema (draft-04), with format assertions on, so that a
// test fails when acrvet writes a log that code scanning would reject.
package sarifschema

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// RelPath is where the schema lives relative to the module root: in the
// workspace's shared directory, beside the repository.
const RelPath = "../shared/schemas/sarif-schema-2.1.0.json"

// Find returns the schema file for the module that holds dir (the nearest
// parent with a go.mod), or "" when it is absent.
func Find(dir string) string {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			p := filepath.Join(dir, filepath.FromSlash(RelPath))
			if _, err := os.Stat(p); err == nil {
				return p
			}
			return ""
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// A Validator checks documents against the schema.
type Validator struct {
	schema *jsonschema.Schema
}

// Load compiles the schema file.
func Load(path string) (*Validator, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	url := "file:///sarif-schema-2.1.0.json"
	if err := c.AddResource(url, doc); err != nil {
		return nil, err
	}
	s, err := c.Compile(url)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	return &Validator{schema: s}, nil
}

// Validate checks one SARIF log; the error lists every violation with its
// JSON pointer.
func (v *Validator) Validate(log []byte) error {
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(log))
	if err != nil {
		return fmt.Errorf("not JSON: %v", err)
	}
	return v.schema.Validate(inst)
}
