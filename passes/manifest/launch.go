package manifest

import (
	"path"
	"strings"
)

// A Launch is what a container runs, as far as the manifests say.
type Launch struct {
	// Known is false when the command comes from an image acr cannot see
	// (no Dockerfile in the repository, not a known image).
	Known bool
	// Argv is the effective entrypoint followed by the command.
	Argv []*Value
	// From says where the command comes from, for messages.
	From string
	// Shell is true when the command runs through `sh -c` (or bash ...).
	Shell bool
	// Java is true when the command starts a JVM; JavaLoc is where.
	Java    bool
	JavaLoc Loc
	// JVMFlags are the options on java's command line, in order, with
	// flags reached through an expanded variable ($JAVA_OPTS) in place.
	JVMFlags []*Flag
	// Expands lists the environment variables the command expands at run
	// time: shell expansions and Kubernetes $(VAR) references.
	Expands []Expansion
	// Literal lists $VAR text passed to a program without any shell to
	// expand it: the program receives the characters "$VAR".
	Literal []Expansion
	// Script is argv[0] when the command is a program or script other
	// than java or a shell: what it does with the environment is unknown.
	Script string
}

// A Flag is one JVM option.
type Flag struct {
	Text string
	Loc  Loc
	// Via is the variable whose expansion produced the flag, "" for a
	// flag written on the command line itself.
	Via string
	// Unresolved names the Compose variables without value the flag's
	// text depends on.
	Unresolved []string
}

// An Expansion is a variable reference the command expands.
type Expansion struct {
	Name string
	Loc  Loc
}

// ExpandsVar reports whether the launch expands the variable at run time.
func (l *Launch) ExpandsVar(name string) bool {
	for _, e := range l.Expands {
		if e.Name == name {
			return true
		}
	}
	return false
}

var shells = map[string]bool{"sh": true, "bash": true, "ash": true, "dash": true, "zsh": true, "ksh": true}

// javaOptionsWithValue are java launcher options whose value is the next
// argument.
var javaOptionsWithValue = map[string]bool{
	"-cp": true, "-classpath": true, "--class-path": true, "-p": true, "--module-path": true,
	"--upgrade-module-path": true, "--add-modules": true, "--add-opens": true, "--add-exports": true,
	"--add-reads": true, "--patch-module": true, "--limit-modules": true,
}

// envLookup returns the value of an environment variable of the
// container, if the manifests hold it.
type envLookup func(name string) *Value

// analyzeLaunch works out whether argv starts a JVM and with which flags.
// kube enables Kubernetes' $(VAR) expansion of command and args.
func analyzeLaunch(argv []*Value, known bool, from string, env envLookup, kube bool) *Launch {
	l := &Launch{Known: known, Argv: argv, From: from}
	if len(argv) == 0 {
		return l
	}
	if kube {
		for _, a := range argv {
			for _, name := range kubeRefs(a.Text) {
				l.Expands = append(l.Expands, Expansion{Name: name, Loc: a.Loc})
			}
		}
	}
	exe := path.Base(argv[0].Text)
	switch {
	case shells[exe]:
		for i := 1; i < len(argv); i++ {
			a := argv[i].Text
			if strings.HasPrefix(a, "-") && !strings.HasPrefix(a, "--") && strings.Contains(a, "c") {
				if i+1 < len(argv) {
					l.Shell = true
					l.script(argv[i+1], env, kube)
				}
				return l
			}
			if !strings.HasPrefix(a, "-") {
				// sh script.sh: a script acr cannot see.
				l.Script = a
				return l
			}
		}
	case isJava(argv[0].Text):
		l.Java, l.JavaLoc = true, argv[0].Loc
		for _, a := range argv[1:] {
			if !kube {
				for _, name := range shellRefs(a.Text) {
					l.Literal = append(l.Literal, Expansion{Name: name, Loc: a.Loc})
				}
			}
		}
		l.javaArgs(argvWords(argv[1:]), env, kube, false)
	default:
		l.Script = argv[0].Text
	}
	return l
}

func isJava(word string) bool {
	w := strings.Trim(word, `"'`)
	return w == "java" || strings.HasSuffix(w, "/java") || strings.HasSuffix(w, "/java.exe")
}

// A word is a command-line word with its location.
type word struct {
	text string
	loc  Loc
	// quoted is true when the word was single-quoted in a script: no
	// expansion happens inside.
	quoted     bool
	unresolved []string
}

func argvWords(vs []*Value) []word {
	out := make([]word, len(vs))
	for i, v := range vs {
		out[i] = word{text: v.Text, loc: v.Loc, unresolved: v.Unresolved}
	}
	return out
}

// javaArgs records the JVM options of a java command line: dash arguments
// up to -jar, -m or the main class. A word that is exactly a variable
// expansion the command performs (a shell's $X, Kubernetes' $(X)) is
// replaced by the flags of the variable's value.
func (l *Launch) javaArgs(args []word, env envLookup, kube, shell bool) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if name, ok := soleRef(a.text, kube); ok && !a.quoted && (shell || strings.HasPrefix(a.text, "$(")) {
			if v := env(name); v != nil {
				for _, f := range SplitFlags(v) {
					f.Via = name
					l.JVMFlags = append(l.JVMFlags, f)
				}
			}
			continue
		}
		if !strings.HasPrefix(a.text, "-") {
			return // the main class
		}
		if a.text == "-jar" || a.text == "-m" || a.text == "--module" {
			return
		}
		l.JVMFlags = append(l.JVMFlags, &Flag{Text: a.text, Loc: a.loc, Unresolved: a.unresolved})
		if javaOptionsWithValue[a.text] {
			i++
		}
	}
}

// SplitFlags splits an options variable (JAVA_TOOL_OPTIONS, JAVA_OPTS) into
// flags on blanks, with each flag's location in the value.
func SplitFlags(v *Value) []*Flag {
	var out []*Flag
	s := v.Text
	exact := v.Raw == v.Text
	for i := 0; i < len(s); {
		for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n') {
			i++
		}
		start := i
		for i < len(s) && s[i] != ' ' && s[i] != '\t' && s[i] != '\n' {
			i++
		}
		if start < i {
			loc := v.Loc
			if exact {
				loc = v.Sub(start, i)
			}
			out = append(out, &Flag{Text: strings.Trim(s[start:i], `"'`), Loc: loc, Unresolved: v.Unresolved})
		}
	}
	return out
}

// soleRef reports whether a word is exactly one variable expansion: $X,
// ${X}, ${X:-...}, "$X", or Kubernetes' $(X).
func soleRef(w string, kube bool) (string, bool) {
	w = strings.Trim(w, `"`)
	if kube && strings.HasPrefix(w, "$(") && strings.HasSuffix(w, ")") {
		name := w[2 : len(w)-1]
		return name, validName(name)
	}
	if !strings.HasPrefix(w, "$") {
		return "", false
	}
	if strings.HasPrefix(w, "${") && strings.HasSuffix(w, "}") {
		inner := w[2 : len(w)-1]
		k := 0
		for k < len(inner) && isNameChar(inner[k]) {
			k++
		}
		return inner[:k], k > 0
	}
	name := w[1:]
	return name, validName(name)
}

func validName(s string) bool {
	if s == "" || !isNameStart(s[0]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		if !isNameChar(s[i]) {
			return false
		}
	}
	return true
}

// shellRefs returns the names of $X and ${X} references in s.
func shellRefs(s string) []string {
	var out []string
	for i := 0; i+1 < len(s); i++ {
		if s[i] != '$' {
			continue
		}
		j := i + 1
		if s[j] == '{' {
			j++
		}
		k := j
		for k < len(s) && isNameChar(s[k]) {
			k++
		}
		if k > j && isNameStart(s[j]) {
			out = append(out, s[j:k])
			i = k - 1
		}
	}
	return out
}

// kubeRefs returns the names of Kubernetes $(VAR) references in s, not
// counting the escaped $$(VAR).
func kubeRefs(s string) []string {
	var out []string
	for i := 0; i+1 < len(s); i++ {
		if s[i] != '$' {
			continue
		}
		if s[i+1] == '$' {
			i++
			continue
		}
		if s[i+1] == '(' {
			if end := strings.IndexByte(s[i:], ')'); end > 0 {
				name := s[i+2 : i+end]
				if validName(name) {
					out = append(out, name)
				}
				i += end
			}
		}
	}
	return out
}

// script reads a `sh -c` script: the variables it expands and the java
// command lines it runs.
func (l *Launch) script(v *Value, env envLookup, kube bool) {
	exact := v.Raw == v.Text
	loc := func(start, end int) Loc {
		if exact {
			return v.Sub(start, end)
		}
		return v.Loc
	}
	toks := shellTokens(v.Text)
	for _, t := range toks {
		if t.op || t.single {
			continue
		}
		for _, name := range shellRefs(t.text) {
			l.Expands = append(l.Expands, Expansion{Name: name, Loc: loc(t.start, t.end)})
		}
	}
	// Find java at the start of a simple command.
	atStart := true
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.op {
			atStart = true
			continue
		}
		if !atStart {
			continue
		}
		switch {
		case t.text == "exec" || t.text == "nohup" || t.text == "then" || t.text == "do" || t.text == "else" ||
			t.text == "time" || t.text == "!" || t.text == "{" || t.text == "(":
			continue
		case strings.Contains(t.text, "=") && validName(t.text[:strings.Index(t.text, "=")]):
			continue // a variable assignment before the command
		}
		atStart = false
		if !isJava(t.text) || l.Java {
			continue
		}
		l.Java, l.JavaLoc = true, loc(t.start, t.end)
		var args []word
		for j := i + 1; j < len(toks) && !toks[j].op; j++ {
			args = append(args, word{text: toks[j].text, loc: loc(toks[j].start, toks[j].end), quoted: toks[j].single, unresolved: v.Unresolved})
		}
		l.javaArgs(args, env, kube, true)
	}
}

// A shellToken is a word or an operator of a shell script.
type shellToken struct {
	text       string // the word with quotes removed (expansions kept as text)
	start, end int
	op         bool // ; && || | & newline ( )
	single     bool // entirely single-quoted: nothing expands
}

// shellTokens splits a POSIX shell script into words and operators,
// enough to find the commands it runs; it does not expand anything.
func shellTokens(s string) []shellToken {
	var out []shellToken
	i := 0
	for i < len(s) {
		c := s[i]
		switch {
		case c == ' ' || c == '\t':
			i++
			continue
		case c == '\\' && i+1 < len(s) && s[i+1] == '\n':
			i += 2
			continue
		case c == '#':
			for i < len(s) && s[i] != '\n' {
				i++
			}
			continue
		case c == '\n' || c == ';' || c == '|' || c == '&' || c == '(' || c == ')':
			j := i + 1
			if j < len(s) && (s[j] == c) && (c == '|' || c == '&' || c == ';') {
				j++
			}
			out = append(out, shellToken{text: s[i:j], start: i, end: j, op: true})
			i = j
			continue
		}
		start := i
		var b strings.Builder
		single := true
		for i < len(s) {
			c := s[i]
			if c == ' ' || c == '\t' || c == '\n' || c == ';' || c == '|' || c == '&' || c == '(' || c == ')' {
				break
			}
			switch c {
			case '\'':
				end := strings.IndexByte(s[i+1:], '\'')
				if end < 0 {
					end = len(s) - i - 1
				}
				b.WriteString(s[i+1 : i+1+end])
				i += end + 2
				continue
			case '"':
				single = false
				j := i + 1
				for j < len(s) && s[j] != '"' {
					if s[j] == '\\' && j+1 < len(s) {
						j++
					}
					j++
				}
				b.WriteString(s[i+1 : min(j, len(s))])
				i = j + 1
				continue
			case '\\':
				single = false
				if i+1 < len(s) {
					b.WriteByte(s[i+1])
				}
				i += 2
				continue
			case '$':
				// Keep ${...} and $(...) together even with blanks inside.
				if i+1 < len(s) && (s[i+1] == '{' || s[i+1] == '(') {
					closer := byte('}')
					if s[i+1] == '(' {
						closer = ')'
					}
					end := strings.IndexByte(s[i:], closer)
					if end > 0 {
						b.WriteString(s[i : i+end+1])
						i += end + 1
						single = false
						continue
					}
				}
			}
			single = false
			b.WriteByte(c)
			i++
		}
		if i > len(s) {
			i = len(s)
		}
		out = append(out, shellToken{text: b.String(), start: start, end: i, single: single && s[start] == '\''})
	}
	return out
}

// shellWords splits a Compose string command the way Compose does (POSIX
// word splitting with quotes, no expansion), keeping each word's range.
func shellWords(s string) []shellToken {
	var out []shellToken
	for _, t := range shellTokens(s) {
		if t.op && t.text == "\n" {
			continue
		}
		// Compose does not treat ; | & ( ) as operators: they are plain
		// characters, so tokens that touch form one word.
		if n := len(out); n > 0 && out[n-1].end == t.start {
			out[n-1].text += t.text
			out[n-1].end = t.end
			out[n-1].single = false
			continue
		}
		t.op = false
		out = append(out, t)
	}
	return out
}
