package output

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Text-like outputs (text, Markdown, GitHub annotations, the Code Climate
// description) never pass a file name or message to the terminal or the
// page as it is: a name can hold ESC sequences that recolour or retitle
// the terminal, a carriage return that hides the line, a newline that
// forges a finding, bidirectional overrides that reorder what is shown,
// or bytes that are not UTF-8. As go vet does, a file name holding any of
// them is shown Go-quoted ("a\x1b[31m.py"), so it reads unambiguously, and
// a message shows them as Go escapes (\x1b, \n, \u202e) in place.
// JSON and SARIF carry names exactly: see JSONDiagnostic.PathBase64 and
// the percent-encoded SARIF artifact URIs.

// unsafeRune reports whether r, decoded from a string with width bytes,
// must not reach a terminal or a page as it is: a C0 or C1 control
// character other than tab, DEL, a Unicode format character such as a
// bidirectional override, or a byte that is not UTF-8.
func unsafeRune(r rune, width int) bool {
	switch {
	case r == utf8.RuneError && width == 1:
		return true
	case r == '\t':
		return false
	case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f:
		return true
	}
	return unicode.Is(unicode.Cf, r) && r != '\u00ad' && r != '\u200d' // soft hyphen and ZWJ are harmless
}

// needsEscape reports whether s holds a rune unsafeRune refuses.
func needsEscape(s string) bool {
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		if unsafeRune(r, w) {
			return true
		}
		i += w
	}
	return false
}

// quoteName returns a file name as text-like outputs show it: unchanged
// when it is safe, else Go-quoted.
func quoteName(name string) string {
	if !needsEscape(name) && !strings.ContainsRune(name, '\t') {
		return name
	}
	return strconv.Quote(name)
}

// EscapeText returns s with each control character, Unicode format
// character (a bidirectional override, say) and byte that is not UTF-8
// written as a Go escape (\x1b, \n, \u202e, \xff), so that a file name or
// message cannot act on the terminal it is printed to. Tabs are kept.
func EscapeText(s string) string { return escapeExcept(s, "") }

// escapeExcept is EscapeText leaving the runes of keep alone, for a
// format that encodes them itself (GitHub's %0A for a newline).
func escapeExcept(s, keep string) string {
	if !needsEscape(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		switch {
		case !unsafeRune(r, w) || strings.ContainsRune(keep, r):
			b.WriteString(s[i : i+w])
		case r == utf8.RuneError && w == 1:
			b.WriteString(`\x` + strconv.FormatUint(uint64(s[i])|0x100, 16)[1:])
		default:
			q := strconv.QuoteRuneToASCII(r) // '\x1b', '\n', '\u202e'
			b.WriteString(q[1 : len(q)-1])
		}
		i += w
	}
	return b.String()
}
