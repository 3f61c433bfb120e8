// Package config reads .acr.yaml: which passes run, their settings, the
// files to exclude, kind overrides, and the architecture plan.
//
// Unknown keys and values of the wrong type are errors that name the file
// and line, so a typo never silently turns a check off.
package config

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/internal/glob"
	"github.com/acrvet/acr/pass"
)

// FileName is the config file the driver looks for at the repository root.
const FileName = ".acr.yaml"

// Config is the parsed .acr.yaml.
type Config struct {
	// Path is the file the config came from; empty for the defaults.
	Path string `yaml:"-"`

	// Passes names the passes to run; empty runs all.
	Passes []string `yaml:"passes"`
	// Disable names passes or rule ids to turn off.
	Disable []string `yaml:"disable"`
	// Settings holds per-pass settings: pass name -> flag name -> value.
	Settings map[string]map[string]Value `yaml:"settings"`
	// Exclude holds glob patterns (gitignore syntax) of paths to skip.
	Exclude []string `yaml:"exclude"`
	// Kinds maps glob patterns to artifact kinds, overriding detection.
	Kinds map[string]pass.Kind `yaml:"kinds"`
	// MaxFileSize is the largest text file read, in bytes.
	MaxFileSize int64 `yaml:"max_file_size"`
	// Plan is the architecture plan.
	Plan *acr.Plan `yaml:"plan"`

	kindOrder []string
}

// Value is a setting value with the line it came from.
type Value struct {
	Text string
	Line int
}

// UnmarshalYAML accepts a scalar or a sequence of scalars (joined with
// commas, the form list-valued flags parse).
func (v *Value) UnmarshalYAML(n *yaml.Node) error {
	v.Line = n.Line
	switch n.Kind {
	case yaml.ScalarNode:
		v.Text = n.Value
		return nil
	case yaml.SequenceNode:
		var parts []string
		for _, c := range n.Content {
			if c.Kind != yaml.ScalarNode {
				return fmt.Errorf("line %d: a setting list holds plain values only", c.Line)
			}
			parts = append(parts, c.Value)
		}
		v.Text = strings.Join(parts, ",")
		return nil
	}
	return fmt.Errorf("line %d: a setting is a value or a list of values", n.Line)
}

// Default returns the config used when a repository has no .acr.yaml.
func Default() *Config {
	return &Config{Plan: acr.DefaultPlan(), MaxFileSize: DefaultMaxFileSize}
}

// DefaultMaxFileSize is the largest text file read by default.
const DefaultMaxFileSize = 8 << 20

// Load reads and validates a config file.
func Load(file string) (*Config, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	return Parse(file, data)
}

// Parse parses config data; name is used in error messages.
func Parse(name string, data []byte) (*Config, error) {
	c := &Config{Path: name}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(c); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s: %s", name, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	c.Plan = c.Plan.WithDefaults()
	if c.MaxFileSize == 0 {
		c.MaxFileSize = DefaultMaxFileSize
	}
	var errs []error
	for pat, k := range c.Kinds {
		if !pass.ValidKind(k) {
			errs = append(errs, fmt.Errorf("%s: kinds: %q maps to unknown kind %q (known: %s)", name, pat, k, kindList()))
		}
		c.kindOrder = append(c.kindOrder, pat)
	}
	// Longer patterns are more specific; they win over shorter ones.
	sort.Slice(c.kindOrder, func(i, j int) bool {
		a, b := c.kindOrder[i], c.kindOrder[j]
		if len(a) != len(b) {
			return len(a) > len(b)
		}
		return a < b
	})
	if r := c.Plan.HeapRatio; r <= 0 || r > 1 {
		errs = append(errs, fmt.Errorf("%s: plan.heap_ratio must be in (0, 1], got %v", name, r))
	}
	switch c.Plan.Runtime {
	case "genmodel", "daimojo":
	default:
		errs = append(errs, fmt.Errorf("%s: plan.runtime must be genmodel or daimojo, got %q", name, c.Plan.Runtime))
	}
	return c, errors.Join(errs...)
}

func kindList() string {
	var s []string
	for _, k := range pass.AllKinds {
		s = append(s, string(k))
	}
	return strings.Join(s, ", ")
}

// Find looks for FileName in dir and its parents and returns its path, or
// "" if there is none.
func Find(dir string) string {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	for {
		p := filepath.Join(dir, FileName)
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
			return p
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// KindOverride returns the kind the config assigns to a repo-relative
// path, if any pattern matches it.
func (c *Config) KindOverride(p string) (pass.Kind, bool) {
	for _, pat := range c.kindOrder {
		if MatchGlob(pat, p) {
			return c.Kinds[pat], true
		}
	}
	return "", false
}

// ApplySettings sets each pass's flags from the settings section, except
// those keep reports as set on the command line, which win. An unknown pass
// or flag, or a bad value, is an error naming the line.
func (c *Config) ApplySettings(analyzers []*acr.Analyzer, keep func(pass, flag string) bool) error {
	byName := map[string]*acr.Analyzer{}
	for _, a := range acr.Closure(analyzers) {
		byName[a.Name] = a
	}
	var errs []error
	names := make([]string, 0, len(c.Settings))
	for n := range c.Settings {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		a, ok := byName[n]
		if !ok {
			errs = append(errs, fmt.Errorf("%s: settings: unknown pass %q", c.Path, n))
			continue
		}
		flags := c.Settings[n]
		keys := make([]string, 0, len(flags))
		for k := range flags {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			v := flags[k]
			if a.Flags.Lookup(k) == nil {
				errs = append(errs, fmt.Errorf("%s:%d: settings.%s: unknown setting %q%s", c.Path, v.Line, n, k, flagNames(a)))
				continue
			}
			if keep != nil && keep(n, k) {
				continue
			}
			if err := a.Flags.Set(k, v.Text); err != nil {
				errs = append(errs, fmt.Errorf("%s:%d: settings.%s.%s: %v", c.Path, v.Line, n, k, err))
			}
		}
	}
	return errors.Join(errs...)
}

func flagNames(a *acr.Analyzer) string {
	var names []string
	a.Flags.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	if len(names) == 0 {
		return " (the pass has no settings)"
	}
	return " (known: " + strings.Join(names, ", ") + ")"
}

// Select returns the analyzers the passes: and disable: sections keep.
func (c *Config) Select(analyzers []*acr.Analyzer) []*acr.Analyzer {
	if len(c.Passes) == 0 && len(c.Disable) == 0 {
		return analyzers
	}
	var out []*acr.Analyzer
	for _, a := range analyzers {
		if (len(c.Passes) == 0 || contains(c.Passes, a.Name)) && !contains(c.Disable, a.Name) {
			out = append(out, a)
		}
	}
	return out
}

// RuleDisabled reports whether the disable: section turns a rule off, by
// id, name or a former code or name (acr.Rule.Aliases).
func (c *Config) RuleDisabled(r *acr.Rule) bool {
	for _, name := range c.Disable {
		if r.Answers(name) {
			return true
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Excluded reports whether a repo-relative path matches an exclude pattern.
func (c *Config) Excluded(p string) bool {
	for _, pat := range c.Exclude {
		if MatchGlob(pat, p) {
			return true
		}
	}
	return false
}

// MatchGlob matches a slash path against a gitignore-style pattern.
func MatchGlob(pattern, p string) bool { return glob.Match(pattern, p) }
