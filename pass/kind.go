package pass

import (
	"bytes"
	"path"
	"strings"
)

// Kind is the kind of an artifact; it decides which passes read it and
// which front parses it.
type Kind string

// The kinds acr knows. DetectKind documents how each is recognized.
const (
	Python       Kind = "python"       // *.py, *.pyi, or a python shebang
	SQL          Kind = "sql"          // *.sql
	Compose      Kind = "compose"      // compose.yaml and docker-compose.yml families, or YAML with top-level services:
	Kubernetes   Kind = "kubernetes"   // YAML with apiVersion: and kind: at the top level
	Mage         Kind = "mage"         // Mage pipeline metadata: pipelines/<name>/metadata.yaml with blocks:
	YAML         Kind = "yaml"         // any other *.yaml or *.yml
	Dockerfile   Kind = "dockerfile"   // Dockerfile, Dockerfile.*, *.dockerfile, Containerfile
	Requirements Kind = "requirements" // requirements*.txt, constraints*.txt, *.requirements.txt, requirements/*.txt, *.in
	Pyproject    Kind = "pyproject"    // pyproject.toml, Pipfile
	Zip          Kind = "zip"          // *.zip, *.mojo: model artifacts
	Java         Kind = "java"         // *.java
	DotEnv       Kind = "dotenv"       // .env, *.env, .env.*: Compose interpolation sources
	Text         Kind = "text"         // any other text file
)

// LineComment returns the marker that starts a line comment in artifacts
// of the kind, or "" for kinds without comments (zip).
func (k Kind) LineComment() string {
	switch k {
	case SQL:
		return "--"
	case Java:
		return "//"
	case Zip:
		return ""
	}
	return "#"
}

// AllKinds lists every kind, for documentation and config validation.
var AllKinds = []Kind{Python, SQL, Compose, Kubernetes, Mage, YAML, Dockerfile, Requirements, Pyproject, Zip, Java, DotEnv, Text}

// ValidKind reports whether k is a known kind.
func ValidKind(k Kind) bool {
	for _, x := range AllKinds {
		if x == k {
			return true
		}
	}
	return false
}

// DetectKind returns the kind of a file from its repo-relative slash path
// and, where the name leaves it open, the first bytes of its content
// (head need not hold the whole file).
//
// By name: the rules in the constants above, case-insensitive for
// extensions. By content: a YAML file is Kubernetes when a document has
// top-level apiVersion: and kind:, Compose when it has a top-level
// services: key, Mage pipeline metadata when it is named metadata.yaml and
// has a top-level blocks: key; a file without extension whose first line is
// a python shebang is Python. Everything else that is text is Text.
// Overrides from the config's kinds: section win over all of this.
func DetectKind(p string, head []byte) Kind {
	head = head[BOMLen(head):]
	base := path.Base(p)
	lower := strings.ToLower(base)
	ext := path.Ext(lower)
	switch {
	case ext == ".py" || ext == ".pyi":
		return Python
	case ext == ".sql":
		return SQL
	case ext == ".zip" || ext == ".mojo":
		return Zip
	case ext == ".java":
		return Java
	case lower == "dockerfile" || strings.HasPrefix(lower, "dockerfile.") || ext == ".dockerfile" || lower == "containerfile":
		return Dockerfile
	case lower == "pyproject.toml" || lower == "pipfile":
		return Pyproject
	case isRequirementsName(p, lower, ext):
		return Requirements
	case lower == ".env" || ext == ".env" || strings.HasPrefix(lower, ".env."):
		return DotEnv
	case ext == ".yaml" || ext == ".yml":
		return detectYAML(lower, head)
	case ext == "" && bytes.HasPrefix(head, []byte("#!")):
		firstLine, _, _ := bytes.Cut(head, []byte("\n"))
		if bytes.Contains(firstLine, []byte("python")) {
			return Python
		}
	}
	return Text
}

func isRequirementsName(p, lower, ext string) bool {
	if ext != ".txt" && ext != ".in" {
		return false
	}
	if strings.HasPrefix(lower, "requirements") || strings.HasPrefix(lower, "constraints") ||
		strings.HasSuffix(lower, "requirements.txt") || strings.HasSuffix(lower, "-requirements.in") {
		return true
	}
	dir := path.Base(path.Dir(p))
	return dir == "requirements" || (ext == ".in" && strings.Contains(lower, "req"))
}

// composeNames are the file names the Compose specification accepts, with
// their override forms.
func isComposeName(lower string) bool {
	stem := strings.TrimSuffix(strings.TrimSuffix(lower, ".yaml"), ".yml")
	return stem == "compose" || stem == "docker-compose" ||
		strings.HasPrefix(stem, "compose.") || strings.HasPrefix(stem, "docker-compose.") ||
		strings.HasPrefix(stem, "docker-compose-") || strings.HasPrefix(stem, "compose-")
}

func detectYAML(lower string, head []byte) Kind {
	if isComposeName(lower) {
		return Compose
	}
	keys := topLevelKeys(head)
	switch {
	case keys["apiVersion"] && keys["kind"]:
		return Kubernetes
	case lower == "metadata.yaml" && keys["blocks"]:
		return Mage
	case keys["services"] && !keys["apiVersion"]:
		return Compose
	}
	return YAML
}

// topLevelKeys returns the keys that start a line at column 0, in any
// document of a YAML stream: enough to classify a file without parsing it.
func topLevelKeys(b []byte) map[string]bool {
	keys := map[string]bool{}
	for len(b) > 0 {
		line, rest, _ := bytes.Cut(b, []byte("\n"))
		b = rest
		if len(line) == 0 || line[0] == ' ' || line[0] == '\t' || line[0] == '#' || line[0] == '-' {
			continue
		}
		if k, _, ok := bytes.Cut(line, []byte(":")); ok {
			k = bytes.Trim(bytes.TrimSpace(k), `"'`)
			keys[string(k)] = true
		}
	}
	return keys
}

// NotSourceReason says why a file of a source kind is not source code that
// kind's front should parse, or "": a Python file that is a Jinja template
// (Mage's block templates start with {% extends %}), a file named like a
// Dockerfile that holds JavaScript or another language (dockerfile.js), a
// Dockerfile template with {placeholders} a script fills in. The driver
// skips such files with a note instead of reporting their syntax.
func NotSourceReason(k Kind, data []byte) string {
	switch k {
	case Python:
		if hasTemplateLine(data, 64<<10) {
			return "a Jinja template, not Python"
		}
	case Dockerfile:
		first := firstSignificantLine(data)
		if first == "" {
			return ""
		}
		word, _, _ := strings.Cut(first, " ")
		if !dockerInstructions[strings.ToUpper(strings.TrimSpace(word))] {
			return "not a Dockerfile: its first line is not a Dockerfile instruction"
		}
		if hasTemplateLine(data, 64<<10) || hasPlaceholderLine(data) {
			return "a Dockerfile template, filled in by a script"
		}
	}
	return ""
}

var dockerInstructions = map[string]bool{
	"FROM": true, "ARG": true, "RUN": true, "CMD": true, "LABEL": true, "EXPOSE": true, "ENV": true, "ADD": true,
	"COPY": true, "ENTRYPOINT": true, "VOLUME": true, "USER": true, "WORKDIR": true, "ONBUILD": true,
	"STOPSIGNAL": true, "HEALTHCHECK": true, "SHELL": true, "MAINTAINER": true,
}

// firstSignificantLine returns the first line that is neither blank nor a
// comment (parser directives are comments).
func firstSignificantLine(data []byte) string {
	for len(data) > 0 {
		line, rest, _ := bytes.Cut(data, []byte("\n"))
		data = rest
		t := strings.TrimSpace(string(line))
		if t != "" && !strings.HasPrefix(t, "#") {
			return t
		}
	}
	return ""
}

// hasTemplateLine reports whether a line of the first limit bytes starts
// with a Jinja statement or comment tag: no Python statement or Dockerfile
// line can. Lines inside a triple-quoted string (a template a Python
// module holds as data) do not count.
func hasTemplateLine(data []byte, limit int) bool {
	if len(data) > limit {
		data = data[:limit]
	}
	var open []byte // the delimiter of the triple-quoted string the line is in
	for len(data) > 0 {
		line, rest, _ := bytes.Cut(data, []byte("\n"))
		data = rest
		t := bytes.TrimLeft(line, " \t")
		// {# alone may open a dict before a comment; a Jinja comment closes.
		if open == nil && (bytes.HasPrefix(t, []byte("{%")) || bytes.HasPrefix(t, []byte("{#")) && bytes.Contains(t, []byte("#}"))) {
			return true
		}
		for i := 0; i+3 <= len(line); i++ {
			d := line[i : i+3]
			switch {
			case open != nil && bytes.Equal(d, open):
				open, i = nil, i+2
			case open == nil && (string(d) == `"""` || string(d) == "'''"):
				open, i = d, i+2
			}
		}
	}
	return false
}

// hasPlaceholderLine reports whether a line is only a {name} placeholder,
// as str.format templates of Dockerfiles have.
func hasPlaceholderLine(data []byte) bool {
	for len(data) > 0 {
		line, rest, _ := bytes.Cut(data, []byte("\n"))
		data = rest
		t := bytes.TrimSpace(line)
		if len(t) > 2 && t[0] == '{' && t[len(t)-1] == '}' && isIdent(t[1:len(t)-1]) {
			return true
		}
	}
	return false
}

func isIdent(b []byte) bool {
	for i, c := range b {
		if !(c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || i > 0 && '0' <= c && c <= '9') {
			return false
		}
	}
	return len(b) > 0
}
