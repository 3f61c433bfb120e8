package mojo

import (
	"bytes"
	"go/token"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/pass"
	"github.com/acrvet/acr/pass/zipsrc"
)

// checkArchive validates a zip or .mojo file of the repository.
func (s *state) checkArchive(f *pass.File) {
	candidate := s.inArtifactDir(f.Path) || strings.EqualFold(path.Ext(f.Path), ".mojo")
	a, err := zipsrc.Open(f)
	if err != nil {
		// The central directory is unreadable, so whether this is a MOJO
		// can only be told from its name, its place or the entry names the
		// local headers still hold.
		if candidate || sniffMOJO(f.OSPath) {
			r := &Report{Path: f.Path, Kind: Unreadable}
			r.add(RuleUnreadable, "", 0, "%s", unreadable(err))
			s.reportArtifact(f, r)
		}
		return
	}
	defer a.Close()
	r := ValidateArchive(a, f.Path, s.opt)
	if r.Kind == NotMOJO && !candidate && r.nestedIni == "" {
		return // an ordinary zip outside the artifact directories
	}
	s.reportArtifact(f, r)
}

// sniffMOJO reports whether the bytes of a damaged archive name a MOJO's
// entries: entry names are stored uncompressed in every local header.
func sniffMOJO(osPath string) bool {
	fh, err := os.Open(osPath)
	if err != nil {
		return false
	}
	defer fh.Close()
	const window = 64 << 10
	buf := make([]byte, window+16)
	carry := 0
	var read int64
	for read < 64<<20 {
		n, err := fh.Read(buf[carry : carry+window])
		read += int64(n)
		chunk := buf[:carry+n]
		if bytes.Contains(chunk, []byte("model.ini")) || bytes.Contains(chunk, []byte("mojo/pipeline.pb")) {
			return true
		}
		if err != nil {
			return false
		}
		carry = copy(buf, chunk[max(0, len(chunk)-16):])
	}
	return false
}

// folderMOJOs returns the model.ini files of MOJO folders: those not
// inside another MOJO folder, which validates them as its submodels.
func folderMOJOs(repo *pass.Repo, texts []*pass.File) []*pass.File {
	var out []*pass.File
	for _, f := range texts {
		if path.Base(f.Path) != "model.ini" {
			continue
		}
		nested := false
		for d := path.Dir(path.Dir(f.Path)); d != "." && d != "/" && !nested; d = path.Dir(d) {
			nested = repo.Lookup(d+"/model.ini") != nil
		}
		if !nested && repo.Lookup("model.ini") != nil && f.Path != "model.ini" {
			nested = true
		}
		if !nested {
			out = append(out, f)
		}
	}
	return out
}

// checkFolder validates the MOJO folder whose model.ini is f.
func (s *state) checkFolder(f *pass.File) {
	r := validateFolder(filepath.Dir(f.OSPath), s.opt)
	r.Path = path.Dir(f.Path)
	s.reportArtifact(f, r)
}

// reportArtifact records an artifact and reports its problems. f is the
// archive, or the model.ini of a folder: problems in that model.ini are
// reported on their line, the rest on the first line with the entry named.
func (s *state) reportArtifact(f *pass.File, r *Report) {
	s.mu.Lock()
	s.artifacts = append(s.artifacts, &Artifact{File: f, Report: r})
	s.mu.Unlock()
	folder := f.Kind != pass.Zip
	for _, p := range r.Problems {
		pos := f.Pos(0)
		msg := p.Message
		switch {
		case folder && p.Entry == "model.ini" && p.Line > 0:
			pos = f.Pos(f.LineStart(p.Line))
		case p.Entry != "" && p.Line > 0:
			msg = p.Entry + ":" + strconv.Itoa(p.Line) + ": " + msg
		case p.Entry != "" && !strings.Contains(msg, p.Entry):
			msg = p.Entry + ": " + msg
		}
		s.pass.Report(acr.Diagnostic{Pos: pos, End: token.NoPos, Category: p.Rule.ID, Message: msg})
	}
}

// h2oVersionSite returns where an H2O-3 artifact records the version that
// wrote it: the h2o_version line of a folder's model.ini, or the archive.
func h2oVersionSite(a *Artifact) Site {
	f := a.File
	if f.Kind != pass.Zip && a.Report.Ini != nil {
		if kv := a.Report.Ini.kv("h2o_version"); kv != nil {
			start := f.LineStart(kv.Line)
			return pass.SpanOf(f, start, f.LineStart(kv.Line+1))
		}
	}
	return pass.At(f, 0)
}
