package requirements

import "strings"

// parsePEP508 reads a PEP 508 requirement string. Offsets in the result
// are relative to s; the caller shifts them into the file.
func parsePEP508(s string) (*Requirement, error) {
	p := &reqScanner{s: s}
	p.skipSpace()
	r := &Requirement{}
	r.Start = p.i
	r.NameStart = p.i
	if !p.name() {
		if p.i >= len(s) {
			return nil, &errSyntax{p.i, "empty requirement"}
		}
		return nil, &errSyntax{p.i, "expected a project name, found " + quoteNear(s[p.i:])}
	}
	r.NameEnd = p.i
	r.Name = s[r.NameStart:r.NameEnd]
	r.Normalized = Normalize(r.Name)
	p.skipSpace()
	if p.peek() == '[' {
		extras, err := p.extras()
		if err != nil {
			return nil, err
		}
		r.Extras = extras
		p.skipSpace()
	}
	r.SpecStart, r.SpecEnd = p.i, p.i
	switch c := p.peek(); {
	case c == '@':
		p.i++
		p.skipSpace()
		start := p.i
		for p.i < len(s) && !isSpace(s[p.i]) {
			p.i++
		}
		if start == p.i {
			return nil, &errSyntax{start, "expected a URL after @"}
		}
		r.URL = s[start:p.i]
		// PEP 508 needs a space between a URL and its marker, as ';' is
		// valid in URLs.
		p.skipSpace()
	case c == '(':
		p.i++
		p.skipSpace()
		r.SpecStart = p.i
		specs, err := p.specifiers()
		if err != nil {
			return nil, err
		}
		r.Specifiers, r.SpecEnd = specs, p.i
		p.skipSpace()
		if p.peek() != ')' {
			return nil, &errSyntax{p.i, "expected ) to close the version specifier"}
		}
		p.i++
		p.skipSpace()
	case isOpStart(c):
		specs, err := p.specifiers()
		if err != nil {
			return nil, err
		}
		r.Specifiers, r.SpecEnd = specs, p.i
		p.skipSpace()
	}
	end := p.i
	if p.peek() == ';' {
		p.i++
		r.Marker = strings.TrimSpace(s[p.i:])
		if r.Marker == "" {
			return nil, &errSyntax{p.i, "empty environment marker after ;"}
		}
		p.i = len(s)
		end = len(strings.TrimRight(s, " \t"))
	}
	if p.i < len(s) {
		return nil, &errSyntax{p.i, "unexpected " + quoteNear(s[p.i:]) + " in requirement"}
	}
	r.End = end
	if r.End < r.SpecEnd {
		r.End = r.SpecEnd
	}
	return r, nil
}

type reqScanner struct {
	s string
	i int
}

func (p *reqScanner) peek() byte {
	if p.i < len(p.s) {
		return p.s[p.i]
	}
	return 0
}

func (p *reqScanner) skipSpace() {
	for p.i < len(p.s) && isSpace(p.s[p.i]) {
		p.i++
	}
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' }

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// name reads a PEP 508 identifier: letters and digits, with . - _ inside.
func (p *reqScanner) name() bool {
	start := p.i
	if !isAlnum(p.peek()) {
		return false
	}
	for p.i < len(p.s) && (isAlnum(p.s[p.i]) || p.s[p.i] == '.' || p.s[p.i] == '-' || p.s[p.i] == '_') {
		p.i++
	}
	for p.i > start+1 && !isAlnum(p.s[p.i-1]) {
		p.i--
	}
	return true
}

func (p *reqScanner) extras() ([]string, error) {
	open := p.i
	p.i++
	var out []string
	for {
		p.skipSpace()
		if p.peek() == ']' {
			p.i++
			return out, nil
		}
		if len(out) > 0 {
			if p.peek() != ',' {
				return nil, &errSyntax{p.i, "expected , or ] in extras"}
			}
			p.i++
			p.skipSpace()
		}
		start := p.i
		if !p.name() {
			if p.i >= len(p.s) {
				return nil, &errSyntax{open, "unclosed [ in extras"}
			}
			return nil, &errSyntax{p.i, "expected an extra name, found " + quoteNear(p.s[p.i:])}
		}
		out = append(out, p.s[start:p.i])
	}
}

func isOpStart(c byte) bool { return c == '=' || c == '!' || c == '<' || c == '>' || c == '~' }

var operators = []string{"===", "==", "!=", "<=", ">=", "~=", "<", ">"}

func (p *reqScanner) specifiers() ([]Specifier, error) {
	var out []Specifier
	for {
		p.skipSpace()
		op := ""
		for _, o := range operators {
			if strings.HasPrefix(p.s[p.i:], o) {
				op = o
				break
			}
		}
		if op == "" {
			return nil, &errSyntax{p.i, "expected a version operator (==, >=, ~= ...), found " + quoteNear(p.s[p.i:])}
		}
		p.i += len(op)
		p.skipSpace()
		start := p.i
		for p.i < len(p.s) && isVersionChar(p.s[p.i]) {
			p.i++
		}
		if start == p.i {
			return nil, &errSyntax{start, "expected a version after " + op}
		}
		out = append(out, Specifier{Op: op, Version: p.s[start:p.i]})
		save := p.i
		p.skipSpace()
		if p.peek() != ',' {
			p.i = save
			return out, nil
		}
		p.i++
	}
}

func isVersionChar(c byte) bool {
	// $, { and } let pip's ${VAR} expansion stand in for a version.
	return isAlnum(c) || c == '.' || c == '*' || c == '+' || c == '!' || c == '-' || c == '_' ||
		c == '$' || c == '{' || c == '}'
}

func quoteNear(s string) string {
	if s == "" {
		return "end of line"
	}
	if len(s) > 20 {
		s = s[:20] + "..."
	}
	return `"` + s + `"`
}
