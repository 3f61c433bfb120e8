package mojo

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
)

// ModelIni is a parsed model.ini, the descriptor at the root of every
// H2O-3 MOJO. The format is the one h2o-genmodel's ModelMojoReader reads:
// lines are trimmed, blank lines and lines starting with # are skipped,
// "[info]" holds "key = value" pairs, "[columns]" one column name a line,
// and "[domains]" lines "COLUMN: COUNT FILE" naming a file under domains/.
type ModelIni struct {
	// Info holds the [info] pairs in file order; Lookup finds one.
	Info []KV
	// Columns are the [columns] names.
	Columns []Line
	// Domains are the [domains] lines.
	Domains []Domain
	// Sections records the line of each section header seen.
	Sections map[string]int
	// Problems are the ways the file departs from what the reader accepts,
	// found while parsing.
	Problems []IniProblem
}

// A KV is one [info] pair.
type KV struct {
	Key, Value string
	Line       int
}

// A Line is a [columns] entry.
type Line struct {
	Text string
	Line int
}

// A Domain is a [domains] line: column Column has Count levels listed in
// domains/File.
type Domain struct {
	Column int
	Count  int
	File   string
	Line   int
}

// An IniProblem is a malformed line of model.ini.
type IniProblem struct {
	Line int
	Msg  string
}

// Lookup returns the value of an [info] key and whether it is present. A
// key given twice takes its last value, as the reader's map does.
func (m *ModelIni) Lookup(key string) (string, bool) {
	for i := len(m.Info) - 1; i >= 0; i-- {
		if m.Info[i].Key == key {
			return m.Info[i].Value, true
		}
	}
	return "", false
}

// kv returns the pair for key, or nil.
func (m *ModelIni) kv(key string) *KV {
	for i := len(m.Info) - 1; i >= 0; i-- {
		if m.Info[i].Key == key {
			return &m.Info[i]
		}
	}
	return nil
}

// Int returns an integer [info] value; ok is false when the key is absent
// or not an integer.
func (m *ModelIni) Int(key string) (n int, ok bool) {
	v, present := m.Lookup(key)
	if !present {
		return 0, false
	}
	n, err := strconv.Atoi(v)
	return n, err == nil
}

// Section names of model.ini.
const (
	sectionInfo    = "[info]"
	sectionColumns = "[columns]"
	sectionDomains = "[domains]"
)

// ParseModelIni parses model.ini content. It never fails: what the reader
// would reject is recorded in Problems with its line.
func ParseModelIni(data []byte) *ModelIni {
	m := &ModelIni{Sections: map[string]int{}}
	section := ""
	lineNo := 0
	for len(data) > 0 {
		lineNo++
		var raw []byte
		raw, data = splitJavaLine(data)
		line := strings.TrimSpace(string(raw))
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		switch line {
		case sectionInfo, sectionColumns, sectionDomains:
			if prev, dup := m.Sections[line]; dup {
				m.problem(lineNo, "section %s appears again (first on line %d): the reader would overflow its column table", line, prev)
			}
			m.Sections[line] = lineNo
			section = line
			if line == sectionColumns {
				if _, ok := m.Lookup("n_columns"); !ok {
					m.problem(lineNo, "[columns] comes before n_columns is set in [info]: the reader cannot size the column table")
				}
			}
			continue
		}
		switch section {
		case "":
			m.problem(lineNo, "text before the [info] section")
		case sectionInfo:
			k, v, ok := splitKV(line)
			if !ok {
				m.problem(lineNo, "[info] line %q is not key = value", clip(line))
				continue
			}
			m.Info = append(m.Info, KV{Key: k, Value: v, Line: lineNo})
		case sectionColumns:
			m.Columns = append(m.Columns, Line{Text: line, Line: lineNo})
		case sectionDomains:
			d, err := parseDomainLine(line)
			if err != "" {
				m.problem(lineNo, "[domains] line %q: %s", clip(line), err)
				continue
			}
			d.Line = lineNo
			m.Domains = append(m.Domains, d)
		}
	}
	return m
}

func (m *ModelIni) problem(line int, format string, args ...any) {
	m.Problems = append(m.Problems, IniProblem{Line: line, Msg: fmt.Sprintf(format, args...)})
}

// splitKV splits "key = value" at the first '=' with the blanks around it,
// as the reader's split("\\s*=\\s*", 2) does.
func splitKV(line string) (key, value string, ok bool) {
	i := strings.IndexByte(line, '=')
	if i < 0 {
		return "", "", false
	}
	key = strings.TrimRight(line[:i], " \t\f\v")
	value = strings.TrimLeft(line[i+1:], " \t\f\v")
	return key, value, key != ""
}

// parseDomainLine parses "COLUMN: COUNT FILE".
func parseDomainLine(line string) (Domain, string) {
	col, rest, ok := strings.Cut(line, ":")
	if !ok {
		return Domain{}, `want "COLUMN: COUNT FILE"`
	}
	c, err := strconv.Atoi(col)
	if err != nil || c < 0 {
		return Domain{}, fmt.Sprintf("column index %q is not a non-negative integer", clip(col))
	}
	rest = strings.TrimLeft(rest, " \t\f\v")
	count, file, ok := strings.Cut(rest, " ")
	if !ok || file == "" {
		return Domain{}, `want "COLUMN: COUNT FILE"`
	}
	n, err := strconv.Atoi(count)
	if err != nil || n < 0 {
		return Domain{}, fmt.Sprintf("level count %q is not a non-negative integer", clip(count))
	}
	return Domain{Column: c, Count: n, File: file}, ""
}

// splitJavaLine splits off one line the way java.io.BufferedReader.readLine
// does: a line ends at \n, \r or \r\n.
func splitJavaLine(b []byte) (line, rest []byte) {
	i := bytes.IndexAny(b, "\r\n")
	if i < 0 {
		return b, nil
	}
	if b[i] == '\r' && i+1 < len(b) && b[i+1] == '\n' {
		return b[:i], b[i+2:]
	}
	return b[:i], b[i+1:]
}

// clip shortens text quoted in a message.
func clip(s string) string {
	const max = 60
	if len(s) <= max {
		return s
	}
	return s[:max] + "..."
}
