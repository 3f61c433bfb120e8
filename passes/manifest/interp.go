package manifest

import (
	"strings"
)

// A VarRef is a variable reference Compose interpolates in a value.
type VarRef struct {
	Name string
	// Start and End delimit the reference ($NAME or ${...}) in the raw
	// value.
	Start, End int
	// Set reports whether the environment defines the variable; Defaulted
	// whether a default (${X:-d}) supplied the value instead.
	Set, Defaulted bool
	// Value is the text Compose puts in place of the reference.
	Value string
}

// interpolation is the result of interpolating one value.
type interpolation struct {
	text string
	refs []VarRef
	// unresolved lists variables that are unset and have no default: the
	// value Compose uses for them is the host's, unknown here.
	unresolved []string
	// errs are ${X?message} and ${X:?message} references whose variable is
	// unset: Compose refuses the file.
	errs []string
}

func isNameStart(c byte) bool { return c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
func isNameChar(c byte) bool  { return isNameStart(c) || '0' <= c && c <= '9' }

// interpolate applies Compose's variable substitution to s: $$ is a
// literal $, $NAME and ${NAME} take the variable's value, and ${NAME:-def},
// ${NAME-def}, ${NAME:?err}, ${NAME?err}, ${NAME:+alt} and ${NAME+alt}
// behave as in the shell. Defaults may themselves contain references.
func interpolate(s string, env map[string]string) interpolation {
	var out interpolation
	var b strings.Builder
	interpolateInto(&b, s, env, &out, 0, 0)
	out.text = b.String()
	return out
}

func interpolateInto(b *strings.Builder, s string, env map[string]string, out *interpolation, base, depth int) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '$' || i+1 >= len(s) {
			b.WriteByte(c)
			continue
		}
		n := s[i+1]
		switch {
		case n == '$':
			b.WriteByte('$')
			i++
		case isNameStart(n):
			j := i + 1
			for j < len(s) && isNameChar(s[j]) {
				j++
			}
			name := s[i+1 : j]
			v, ok := env[name]
			out.refs = append(out.refs, VarRef{Name: name, Start: base + i, End: base + j, Set: ok, Value: v})
			if !ok {
				out.unresolved = append(out.unresolved, name)
			}
			b.WriteString(v)
			i = j - 1
		case n == '{':
			end := matchBrace(s, i+1)
			if end < 0 {
				// Compose rejects an unclosed brace; keep the text.
				out.errs = append(out.errs, "unclosed ${ in "+s)
				b.WriteString(s[i:])
				return
			}
			expr := s[i+2 : end]
			k := 0
			for k < len(expr) && isNameChar(expr[k]) {
				k++
			}
			name, op := expr[:k], expr[k:]
			v, ok := env[name]
			ref := VarRef{Name: name, Start: base + i, End: base + end + 1, Set: ok}
			arg := ""
			mod := ""
			for _, m := range []string{":-", ":?", ":+", "-", "?", "+"} {
				if strings.HasPrefix(op, m) {
					mod, arg = m, op[len(m):]
					break
				}
			}
			if name == "" || (op != "" && mod == "") {
				out.errs = append(out.errs, "invalid interpolation ${"+expr+"}")
				b.WriteString(s[i : end+1])
				i = end
				continue
			}
			argBase := base + i + 2 + k + len(mod)
			written := b.Len()
			empty := !ok || (strings.HasPrefix(mod, ":") && v == "")
			switch mod {
			case "":
				if !ok {
					out.unresolved = append(out.unresolved, name)
				}
				b.WriteString(v)
			case ":-", "-":
				if (mod == ":-" && empty) || (mod == "-" && !ok) {
					ref.Defaulted = true
					if depth < 8 {
						interpolateInto(b, arg, env, out, argBase, depth+1)
					}
				} else {
					b.WriteString(v)
				}
			case ":?", "?":
				if (mod == ":?" && empty) || (mod == "?" && !ok) {
					msg := arg
					if msg == "" {
						msg = "required variable " + name + " is missing a value"
					}
					out.errs = append(out.errs, name+": "+msg)
					out.unresolved = append(out.unresolved, name)
				} else {
					b.WriteString(v)
				}
			case ":+", "+":
				if (mod == ":+" && !empty) || (mod == "+" && ok) {
					if depth < 8 {
						interpolateInto(b, arg, env, out, argBase, depth+1)
					}
				}
			}
			ref.Value = b.String()[written:]
			out.refs = append(out.refs, ref)
			i = end
		default:
			b.WriteByte(c)
		}
	}
}

// matchBrace returns the index of the } closing the { at open, counting
// nested ${...}, or -1.
func matchBrace(s string, open int) int {
	depth := 0
	for i := open; i < len(s); i++ {
		switch s[i] {
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

// parseDotEnv reads a .env file the way Compose does: KEY=VALUE lines,
// optional `export `, # comments, single quotes literal, double quotes
// with \n escapes and interpolation of earlier keys, unquoted values
// trimmed and cut at " #". Lines it cannot read are skipped.
func parseDotEnv(src []byte) map[string]string {
	env := map[string]string{}
	lines := strings.Split(string(src), "\n")
	for li := 0; li < len(lines); li++ {
		line := strings.TrimSpace(strings.TrimSuffix(lines[li], "\r"))
		if line == "" || line[0] == '#' {
			continue
		}
		line = strings.TrimPrefix(line, "export ")
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			continue
		}
		k = strings.TrimSpace(k)
		if k == "" {
			continue
		}
		v = strings.TrimLeft(v, " \t")
		switch {
		case strings.HasPrefix(v, "'"):
			body := v[1:]
			for !strings.Contains(body, "'") && li+1 < len(lines) {
				li++
				body += "\n" + strings.TrimSuffix(lines[li], "\r")
			}
			body, _, _ = strings.Cut(body, "'")
			env[k] = body
		case strings.HasPrefix(v, `"`):
			body := v[1:]
			for !hasClosingQuote(body) && li+1 < len(lines) {
				li++
				body += "\n" + strings.TrimSuffix(lines[li], "\r")
			}
			body = body[:closingQuote(body)]
			body = strings.NewReplacer(`\n`, "\n", `\"`, `"`, `\\`, `\`, `\t`, "\t").Replace(body)
			env[k] = interpolate(body, env).text
		default:
			if i := strings.Index(v, " #"); i >= 0 {
				v = v[:i]
			}
			env[k] = interpolate(strings.TrimSpace(v), env).text
		}
	}
	return env
}

func closingQuote(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' {
			i++
			continue
		}
		if s[i] == '"' {
			return i
		}
	}
	return len(s)
}

func hasClosingQuote(s string) bool { return closingQuote(s) < len(s) }
