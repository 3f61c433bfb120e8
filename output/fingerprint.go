package output

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"

	"github.com/acrvet/acr/checker"
	"github.com/acrvet/acr/pass"
)

// IsWholeFile reports whether a finding concerns a file as a whole (a
// model artifact, a missing piece of a manifest) rather than a span of it:
// it was reported with acr.Pass.ReportFile, at offset 0 without an end, or
// on a file whose bytes are not text.
func IsWholeFile(fd checker.Finding) bool {
	if fd.File == nil {
		return false
	}
	return fd.File.Kind == pass.Zip || !fd.Diagnostic.End.IsValid() && fd.Posn.Offset == 0
}

// Fingerprints returns a stable identity for each finding, in the form
// "<16 hex digits>:<n>": a hash of the rule id, the repo-relative path and
// the finding's line with its whitespace normalized (for a whole-file
// finding, or one about the whole repository, the message stands for the
// line), and n counts the findings with the same hash before it in the
// file. Adding or removing lines elsewhere, or re-indenting the line, keeps
// the fingerprint; editing the line itself changes it.
//
// The SARIF primaryLocationLineHash, the Code Climate fingerprint and the
// baseline use it. findings must be sorted as checker.Result sorts them,
// so that n follows the order of the file.
func Fingerprints(findings []checker.Finding) []string {
	return fingerprintsAs(findings, func(fd checker.Finding) string { return fd.Rule.ID })
}

// fingerprintsAs computes fingerprints with the rule code idOf gives each
// finding: a baseline written before a rule was renamed or split holds
// fingerprints of its former code.
func fingerprintsAs(findings []checker.Finding, idOf func(checker.Finding) string) []string {
	out := make([]string, len(findings))
	seen := map[string]int{}
	lines := map[*pass.File][][]byte{}
	for i, fd := range findings {
		text := fd.Diagnostic.Message
		path := ""
		if fd.File != nil {
			path = fd.File.Path
			if !IsWholeFile(fd) {
				ls, ok := lines[fd.File]
				if !ok {
					ls = fileLines(fd.File)
					lines[fd.File] = ls
				}
				if l := fd.Posn.Line; l >= 1 && l <= len(ls) {
					text = normalizeSpace(ls[l-1])
				}
			}
		}
		sum := sha256.Sum256([]byte(idOf(fd) + "\x00" + path + "\x00" + text))
		h := hex.EncodeToString(sum[:8])
		seen[h]++
		out[i] = h + ":" + strconv.Itoa(seen[h])
	}
	return out
}

// fileLines returns the lines of a text file, reading it from disk when
// the driver released its bytes; nil when it cannot be read.
func fileLines(f *pass.File) [][]byte {
	if f.Kind == pass.Zip {
		return nil
	}
	content, err := f.ReadFile()
	if err != nil {
		return nil
	}
	return bytes.Split(content, []byte("\n"))
}

func normalizeSpace(b []byte) string {
	return strings.Join(strings.Fields(string(b)), " ")
}

// findingKey identifies a finding of a run independently of the slice it
// sits in, so fingerprints computed over all findings of a run can be
// looked up for a filtered subset.
type findingKey struct {
	path      string
	off, end  int
	rule, msg string
}

func keyOf(fd checker.Finding) findingKey {
	return findingKey{fd.Posn.Path, fd.Posn.Offset, fd.End.Offset, fd.Rule.ID, fd.Diagnostic.Message}
}

// FingerprintsOf returns the fingerprints of findings, a subset of the
// run's findings (after a baseline or a PR filter), computed over all of
// the run's findings so that they do not depend on the filter.
func FingerprintsOf(res *checker.Result, findings []checker.Finding) []string {
	return fingerprintsOfAs(res, findings, func(fd checker.Finding) string { return fd.Rule.ID })
}

func fingerprintsOfAs(res *checker.Result, findings []checker.Finding, idOf func(checker.Finding) string) []string {
	if res == nil {
		return fingerprintsAs(findings, idOf)
	}
	all := fingerprintsAs(res.Findings, idOf)
	byKey := make(map[findingKey]string, len(all))
	for i, fd := range res.Findings {
		byKey[keyOf(fd)] = all[i]
	}
	out := make([]string, len(findings))
	var missing []int
	for i, fd := range findings {
		fp, ok := byKey[keyOf(fd)]
		if !ok {
			missing = append(missing, i)
		}
		out[i] = fp
	}
	if len(missing) > 0 {
		// Findings that are not the run's own (built by a caller): give
		// them fingerprints among themselves.
		own := fingerprintsAs(findings, idOf)
		for _, i := range missing {
			out[i] = own[i]
		}
	}
	return out
}
