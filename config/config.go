// Package config reads .acr.yaml: which passes run, their settings, the
// files to exclude, kind overrides, and the architecture plan.
//
// Unknown keys and values of the wrong type are errors that name the file
// and line, so a typo never silently turns a check off.
package config

import (
	"errors"
	"flag"
	"fmt"
	"maps"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"slices"
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
	// Verify names the engines of verify mode (postgres, genmodel, all)
	// that prove findings; empty: off. The -verify flag overrides it.
	Verify []string `yaml:"verify"`

	kindOrder []string
	root      *yaml.Node // the parsed file, for the positions of errors
}

// Value is a setting value with the line it came from.
type Value struct {
	Text         string
	Line, Column int
}

// UnmarshalYAML accepts a scalar or a sequence of scalars (joined with
// commas, the form list-valued flags parse).
func (v *Value) UnmarshalYAML(n *yaml.Node) error {
	v.Line, v.Column = n.Line, n.Column
	switch n.Kind {
	case yaml.ScalarNode:
		v.Text = n.Value
		return nil
	case yaml.SequenceNode:
		var parts []string
		for _, c := range n.Content {
			if c.Kind != yaml.ScalarNode {
				return fmt.Errorf("line %d: a setting list holds single values only, not %s", c.Line, describe(c))
			}
			parts = append(parts, c.Value)
		}
		v.Text = strings.Join(parts, ",")
		return nil
	}
	return fmt.Errorf("line %d: a setting is a value or a list of values, not %s", n.Line, describe(n))
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

// Parse parses config data; name is used in error messages. Every error
// names the file, line and column, in the user's terms: an unknown key
// with the known ones and the nearest, a value of the wrong shape with the
// shape expected, an unclosed [ or { where it opened.
func Parse(name string, data []byte) (*Config, error) {
	c := &Config{Path: name}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		if line, col, b := unclosedBracket(data); line > 0 {
			closer := map[byte]string{'[': "]", '{': "}"}[b]
			return nil, &Error{File: name, Line: line, Column: col, Msg: fmt.Sprintf("this %c is never closed: end the list with %s on the same line or before the next key", b, closer)}
		}
		return nil, fmt.Errorf("%s: %s", name, userTerms(err.Error()))
	}
	c.root = &root
	if errs := c.checkShape(&root, reflect.TypeOf(Config{}), ""); len(errs) > 0 {
		return nil, joinErrors(errs)
	}
	if err := root.Decode(c); err != nil {
		return nil, fmt.Errorf("%s: %s", name, userTerms(err.Error()))
	}
	c.Plan = c.Plan.WithDefaults()
	if c.MaxFileSize == 0 {
		c.MaxFileSize = DefaultMaxFileSize
	}
	var errs []error
	if s := c.section("kinds"); s != nil && s.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(s.Content); i += 2 {
			pat, k := s.Content[i].Value, s.Content[i+1]
			if !pass.ValidKind(pass.Kind(k.Value)) {
				errs = append(errs, c.errAt(k, "kinds: %q maps to unknown kind %q%s (known: %s)", pat, k.Value, didYouMean(k.Value, kindNames()), kindList()))
			}
		}
	}
	for pat := range c.Kinds {
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
		errs = append(errs, c.errAt(c.planNode("heap_ratio"), "plan.heap_ratio must be in (0, 1], got %v", r))
	}
	if n := c.planNode("large_tables"); n != nil {
		for i, pat := range c.Plan.LargeTables {
			at := n
			if i < len(n.Content) {
				at = n.Content[i]
			}
			if _, err := path.Match(pat, ""); err != nil || strings.TrimSpace(pat) == "" {
				errs = append(errs, c.errAt(at, "plan.large_tables: %q is not a table name or glob pattern (orders, \"audit_*\", public.events)", pat))
			}
		}
	}
	switch c.Plan.Runtime {
	case "genmodel", "daimojo":
	default:
		errs = append(errs, c.errAt(c.planNode("runtime"), "plan.runtime must be genmodel or daimojo, got %q%s", c.Plan.Runtime, didYouMean(c.Plan.Runtime, []string{"genmodel", "daimojo"})))
	}
	if c.MaxFileSize < 0 {
		errs = append(errs, c.errAt(c.section("max_file_size"), "max_file_size must be a positive number of bytes, got %d", c.MaxFileSize))
	}
	return c, joinErrors(errs)
}

// planNode returns the value node of a plan key, or nil.
func (c *Config) planNode(key string) *yaml.Node {
	p := c.section("plan")
	if p == nil || p.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(p.Content); i += 2 {
		if p.Content[i].Value == key {
			return p.Content[i+1]
		}
	}
	return nil
}

// joinErrors joins errors in file order, nil when there are none.
func joinErrors(errs []error) error {
	if len(errs) == 0 {
		return nil
	}
	sort.SliceStable(errs, func(i, j int) bool {
		a, aok := errs[i].(*Error)
		b, bok := errs[j].(*Error)
		if !aok || !bok {
			return aok && !bok
		}
		return a.Line < b.Line || a.Line == b.Line && a.Column < b.Column
	})
	return errors.Join(errs...)
}

func kindNames() []string {
	var s []string
	for _, k := range pass.AllKinds {
		s = append(s, string(k))
	}
	return s
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
	all := acr.Closure(analyzers)
	byName := map[string]*acr.Analyzer{}
	for _, a := range all {
		byName[a.Name] = a
		for _, f := range a.Formerly {
			if byName[f] == nil {
				byName[f] = a // a former name: its settings moved here
			}
		}
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
			owner := settingOwner(all, n, k)
			if owner == nil {
				errs = append(errs, &Error{File: c.Path, Line: v.Line, Column: v.Column, Msg: fmt.Sprintf("settings.%s: unknown setting %q%s%s", n, k, didYouMean(k, flagList(a)), flagNames(a))})
				continue
			}
			if keep != nil && keep(owner.Name, k) {
				continue
			}
			if err := owner.Flags.Set(k, v.Text); err != nil {
				errs = append(errs, &Error{File: c.Path, Line: v.Line, Column: v.Column, Msg: fmt.Sprintf("settings.%s.%s: %v", n, k, err)})
			}
		}
	}
	return errors.Join(errs...)
}

func flagList(a *acr.Analyzer) []string {
	var names []string
	a.Flags.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	return names
}

func flagNames(a *acr.Analyzer) string {
	names := flagList(a)
	if len(names) == 0 {
		return " (the pass has no settings)"
	}
	return " (known: " + strings.Join(names, ", ") + ")"
}

// Select returns the analyzers the passes: and disable: sections keep. A
// pass is named by its name or a name it was Formerly part of.
func (c *Config) Select(analyzers []*acr.Analyzer) []*acr.Analyzer {
	if len(c.Passes) == 0 && len(c.Disable) == 0 {
		return analyzers
	}
	var out []*acr.Analyzer
	for _, a := range analyzers {
		if (len(c.Passes) == 0 || names(c.Passes, a)) && !names(c.Disable, a) {
			out = append(out, a)
		}
	}
	return out
}

// names reports whether the list names the pass.
func names(list []string, a *acr.Analyzer) bool {
	for _, n := range list {
		if ok, _ := a.Answers(n); ok {
			return true
		}
	}
	return false
}

// FormerNames says, for each use of a pass's former name in passes:,
// disable: and settings:, what it selects or sets now, so the file can be
// updated. An empty result: the file uses only current names.
func (c *Config) FormerNames(analyzers []*acr.Analyzer) []string {
	var notes []string
	for _, sec := range []struct {
		key  string
		list []string
	}{{"passes", c.Passes}, {"disable", c.Disable}} {
		for _, n := range sec.list {
			var moved []string
			for _, a := range analyzers {
				if _, byFormer := a.Answers(n); byFormer && !slices.Contains(sec.list, a.Name) {
					moved = append(moved, a.Name)
				}
			}
			if len(moved) > 0 {
				notes = append(notes, fmt.Sprintf("%s: %s also selects %s, whose rules were part of %s before v0.2.0 (CHANGELOG.md); name %s to keep them",
					sec.key, n, strings.Join(moved, " and "), n, strings.Join(moved, " and ")))
			}
		}
	}
	all := acr.Closure(analyzers)
	for _, n := range slices.Sorted(maps.Keys(c.Settings)) {
		for _, k := range slices.Sorted(maps.Keys(c.Settings[n])) {
			if a := settingOwner(all, n, k); a != nil && a.Name != n {
				notes = append(notes, fmt.Sprintf("settings: %s.%s is now %s.%s (CHANGELOG.md)", n, k, a.Name, k))
			}
		}
	}
	return notes
}

// settingOwner returns the analyzer of all (a Closure) whose setting
// pass.flag names: the pass of that name when it has the flag, else a pass
// Formerly part of it that has, or nil.
func settingOwner(all []*acr.Analyzer, pass, flag string) *acr.Analyzer {
	var moved *acr.Analyzer
	for _, a := range all {
		if a.Flags.Lookup(flag) == nil {
			continue
		}
		switch ok, byFormer := a.Answers(pass); {
		case ok && !byFormer:
			return a
		case byFormer && moved == nil:
			moved = a
		}
	}
	return moved
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
