package config

import (
	"fmt"
	"reflect"
	"regexp"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/internal/suggest"
)

// A Error is one problem in a config file, at a line and column, in the
// user's terms: the key path, what was expected, the allowed values and,
// for a misspelling, the nearest one.
type Error struct {
	File         string
	Line, Column int
	Msg          string
}

func (e *Error) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("%s: %s", e.File, e.Msg)
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Column, e.Msg)
}

func (c *Config) errAt(n *yaml.Node, format string, args ...any) *Error {
	e := &Error{File: c.Path, Msg: fmt.Sprintf(format, args...)}
	if n != nil {
		e.Line, e.Column = n.Line, n.Column
	}
	return e
}

var valueType = reflect.TypeOf(Value{})

// checkShape checks a YAML node against the Go type it decodes into and
// reports, in the user's terms, every unknown key and every value of the
// wrong shape, so the decoder never gets to say "cannot unmarshal !!seq
// into string". where is the dotted key path, for messages.
func (c *Config) checkShape(n *yaml.Node, t reflect.Type, where string) []error {
	if n.Kind == yaml.DocumentNode {
		if len(n.Content) == 0 {
			return nil
		}
		return c.checkShape(n.Content[0], t, where)
	}
	if n.Kind == yaml.AliasNode {
		n = n.Alias
		if n == nil {
			return nil
		}
	}
	if n.Kind == 0 || isNull(n) {
		return nil // an empty value leaves the default
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == valueType {
		return nil // Value checks itself, in these terms
	}
	label := where
	if label == "" {
		label = "the file"
	}
	switch t.Kind() {
	case reflect.Struct:
		if n.Kind != yaml.MappingNode {
			return []error{c.errAt(n, "%s must be a mapping of key: value, not %s", label, describe(n))}
		}
		fields := map[string]reflect.Type{}
		var names []string
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			tag, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
			if tag == "" || tag == "-" || !f.IsExported() {
				continue
			}
			fields[tag] = f.Type
			names = append(names, tag)
		}
		var errs []error
		seen := map[string]bool{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			ft, ok := fields[k.Value]
			switch {
			case !ok:
				in := ""
				if where != "" {
					in = " in " + where
				}
				errs = append(errs, c.errAt(k, "unknown key %q%s%s (known: %s)", k.Value, in, didYouMean(k.Value, names), strings.Join(names, ", ")))
			case seen[k.Value]:
				errs = append(errs, c.errAt(k, "%s is set twice", join(where, k.Value)))
			default:
				seen[k.Value] = true
				errs = append(errs, c.checkShape(v, ft, join(where, k.Value))...)
			}
		}
		return errs
	case reflect.Map:
		if n.Kind != yaml.MappingNode {
			return []error{c.errAt(n, "%s must be a mapping of %s, not %s", label, mapExample(where), describe(n))}
		}
		var errs []error
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.Kind != yaml.ScalarNode {
				errs = append(errs, c.errAt(k, "%s: a key must be a plain name, not %s", label, describe(k)))
				continue
			}
			errs = append(errs, c.checkShape(v, t.Elem(), join(where, k.Value))...)
		}
		return errs
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			return []error{c.errAt(n, "%s must be a list, such as [a, b] or one \"- item\" per line, not %s", label, describe(n))}
		}
		var errs []error
		for _, item := range n.Content {
			if item.Kind == yaml.AliasNode && item.Alias != nil {
				item = item.Alias
			}
			if t.Elem().Kind() == reflect.String && item.Kind != yaml.ScalarNode {
				errs = append(errs, c.errAt(item, "%s: each item must be a single value, not %s", label, describe(item)))
				continue
			}
			errs = append(errs, c.checkShape(item, t.Elem(), label)...)
		}
		return errs
	case reflect.String:
		if n.Kind != yaml.ScalarNode {
			return []error{c.errAt(n, "%s must be a single value, not %s", label, describe(n))}
		}
	case reflect.Int, reflect.Int64:
		if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!int" {
			return []error{c.errAt(n, "%s must be a whole number, not %s", label, describe(n))}
		}
	case reflect.Float64:
		if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!int" && n.ShortTag() != "!!float" {
			return []error{c.errAt(n, "%s must be a number, not %s", label, describe(n))}
		}
	case reflect.Bool:
		if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!bool" {
			return []error{c.errAt(n, "%s must be true or false, not %s", label, describe(n))}
		}
	}
	return nil
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

func join(where, key string) string {
	if where == "" {
		return key
	}
	return where + "." + key
}

func mapExample(where string) string {
	switch where {
	case "kinds":
		return `"glob": kind`
	case "settings":
		return "pass: {setting: value}"
	}
	return "name: value"
}

// describe names what a node is, as a user writes it.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "a mapping"
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!int", "!!float":
			return "the number " + n.Value
		case "!!bool":
			return n.Value
		}
		return fmt.Sprintf("%q", n.Value)
	}
	return "that value"
}

// yamlTypeWords turns what slips through of the decoder's own wording
// into the user's terms.
var yamlTypeWords = strings.NewReplacer(
	"!!seq", "a list", "!!map", "a mapping", "!!str", "the text", "!!int", "the number",
	"!!float", "the number", "!!bool", "the value", "!!null", "an empty value",
)

var goTypeName = regexp.MustCompile(`into (\[\])?(map\[[^\]]+\])?[a-z]+[\w.]*`)

func userTerms(msg string) string {
	msg = strings.TrimPrefix(msg, "yaml: ")
	msg = goTypeName.ReplaceAllStringFunc(msg, func(s string) string {
		switch {
		case strings.Contains(s, "[]"):
			return "into a list"
		case strings.Contains(s, "map["), strings.Contains(s, "config."), strings.Contains(s, "acr."):
			return "into a mapping"
		case strings.Contains(s, "int"), strings.Contains(s, "float"):
			return "into a number"
		case strings.Contains(s, "bool"):
			return "into true or false"
		}
		return "into a single value"
	})
	return yamlTypeWords.Replace(msg)
}

func didYouMean(name string, allowed []string) string { return suggest.DidYouMean(name, allowed) }

// unclosedBracket finds a flow sequence or mapping ([ or {) that is never
// closed: the YAML parser reports such an error where it gave up, often
// lines later, while the mistake is where the bracket opened. It returns
// the 1-based line and column of the opening bracket, or 0, 0.
func unclosedBracket(data []byte) (int, int, byte) {
	type open struct {
		line, col, indent int
		b                 byte
	}
	var stack []open
	lines := strings.Split(string(data), "\n")
	for li, l := range lines {
		indent := len(l) - len(strings.TrimLeft(l, " "))
		trimmed := strings.TrimSpace(l)
		// A key at or left of the indentation of the line that opened
		// the innermost bracket ends it: the bracket was never closed.
		if len(stack) > 0 && trimmed != "" && !strings.HasPrefix(trimmed, "#") && indent <= stack[0].indent && looksLikeKey(trimmed) {
			o := stack[len(stack)-1]
			return o.line, o.col, o.b
		}
		var quote byte
		for i := 0; i < len(l); i++ {
			ch := l[i]
			switch {
			case quote != 0:
				if ch == quote {
					quote = 0
				}
			case ch == '\'' || ch == '"':
				if i == 0 || l[i-1] == ' ' || l[i-1] == '[' || l[i-1] == '{' || l[i-1] == ',' || l[i-1] == ':' {
					quote = ch
				}
			case ch == '#' && (i == 0 || l[i-1] == ' '):
				i = len(l)
			case ch == '[' || ch == '{':
				if len(stack) > 0 || i == 0 || l[i-1] == ' ' {
					stack = append(stack, open{li + 1, i + 1, indent, ch})
				}
			case ch == ']' || ch == '}':
				if len(stack) > 0 {
					stack = stack[:len(stack)-1]
				}
			}
		}
	}
	if len(stack) > 0 {
		o := stack[len(stack)-1]
		return o.line, o.col, o.b
	}
	return 0, 0, 0
}

var keyLine = regexp.MustCompile(`^(- )?[\w"'.-]+\s*:(\s|$)`)

func looksLikeKey(s string) bool { return keyLine.MatchString(s) }

// Check validates the names the config gives against the analyzers a
// tool knows: passes: must name passes, disable: passes, rule ids or rule
// names, settings: passes. An unknown name is an error at its line and
// column with the allowed values and the nearest one. Run calls it; so
// does acrvet config check.
func (c *Config) Check(known []*acr.Analyzer) error {
	if c.root == nil {
		return nil
	}
	all := acr.Closure(known)
	var passNames []string
	for _, a := range all {
		if len(a.Rules) > 0 {
			passNames = append(passNames, a.Name)
		}
	}
	for _, a := range all {
		for _, f := range a.Formerly {
			if len(a.Rules) > 0 && !contains(passNames, f) {
				passNames = append(passNames, f) // a former name: the run notes it
			}
		}
	}
	sort.Strings(passNames)
	ruleNames := map[string]bool{}
	var ids []string
	for id, ref := range acr.RuleIndex(all) {
		ruleNames[id] = true
		ruleNames[ref.Rule.Name] = true
		ids = append(ids, id, ref.Rule.Name)
		for _, alias := range ref.Rule.Aliases {
			ruleNames[alias] = true // a former code: the run notes it
		}
	}
	sort.Strings(ids)
	isPass := func(s string) bool { return contains(passNames, s) }
	var errs []error
	for _, item := range c.listItems("passes") {
		if !isPass(item.Value) {
			errs = append(errs, c.errAt(item, "passes: unknown pass %q%s (passes: %s)", item.Value, didYouMean(item.Value, passNames), strings.Join(passNames, ", ")))
		}
	}
	for _, item := range c.listItems("disable") {
		if isPass(item.Value) || ruleNames[item.Value] || ruleNames[strings.ToUpper(item.Value)] {
			continue
		}
		errs = append(errs, c.errAt(item, "disable: %q is no pass, rule id or rule name%s (passes: %s; rules: acrvet help)", item.Value, didYouMean(item.Value, append(slicesClone(passNames), ids...)), strings.Join(passNames, ", ")))
	}
	var settable []string
	for _, a := range all {
		settable = append(settable, a.Name)
		for _, f := range a.Formerly {
			if !contains(settable, f) {
				settable = append(settable, f)
			}
		}
	}
	if s := c.section("settings"); s != nil && s.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(s.Content); i += 2 {
			k := s.Content[i]
			if !contains(settable, k.Value) {
				errs = append(errs, c.errAt(k, "settings: unknown pass %q%s (passes: %s)", k.Value, didYouMean(k.Value, settable), strings.Join(settable, ", ")))
			}
		}
	}
	return joinErrors(errs)
}

func slicesClone(s []string) []string { return append([]string(nil), s...) }

// section returns the value node of a top-level key, or nil.
func (c *Config) section(key string) *yaml.Node {
	n := c.root
	if n != nil && n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// listItems returns the scalar items of a top-level list.
func (c *Config) listItems(key string) []*yaml.Node {
	s := c.section(key)
	if s == nil || s.Kind != yaml.SequenceNode {
		return nil
	}
	var out []*yaml.Node
	for _, item := range s.Content {
		if item.Kind == yaml.ScalarNode {
			out = append(out, item)
		}
	}
	return out
}
