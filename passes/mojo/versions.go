package mojo

import (
	"bytes"
	"fmt"
	"regexp"
	"sort"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/pass"
	"github.com/acrvet/acr/pass/requirements"
)

// SiteKind says what names an H2O version.
type SiteKind int

const (
	SitePin      SiteKind = iota // an h2o requirement pinned with ==
	SitePip                      // pip install h2o==V in a Dockerfile or manifest
	SiteBuildArg                 // ARG/ENV H2O_VERSION=V
	SiteDownload                 // an H2O release download (h2o-V.zip, rel-X/N/)
	SiteGenmodel                 // an h2o-genmodel jar or coordinate
	SiteImage                    // an h2oai/h2o-* container image
	SiteMOJO                     // the h2o_version of a MOJO in the repository
)

var siteKindNames = [...]string{"h2o pin", "pip install", "build argument", "H2O download", "h2o-genmodel jar", "H2O image", "MOJO"}

func (k SiteKind) String() string { return siteKindNames[k] }

// A VersionSite is one place that names an H2O version.
type VersionSite struct {
	Site
	Kind    SiteKind
	Version string
	Parsed  H2OVersion
}

func (v *VersionSite) where() string {
	p := v.Position()
	return fmt.Sprintf("%s:%d", p.Path, p.Line)
}

// versionPatterns find H2O versions in Dockerfiles and manifests. Each
// group 1 (joined with group 2 when present) is the version.
var versionPatterns = []struct {
	kind SiteKind
	re   *regexp.Regexp
}{
	{SiteGenmodel, regexp.MustCompile(`h2o-genmodel(?:-ext-[a-z]+)?[-/:]v?(\d+(?:\.\d+){2,4})\b`)},
	{SiteDownload, regexp.MustCompile(`\bh2o-(\d+(?:\.\d+){2,4})\.(?:zip|jar)\b`)},
	{SiteDownload, regexp.MustCompile(`\brel-(\d+\.\d+\.\d+)/(\d+)/`)},
	{SiteImage, regexp.MustCompile(`\bh2oai/h2o[\w.-]*:v?(\d+(?:\.\d+){1,4})\b`)},
	{SitePip, regexp.MustCompile(`(?:^|[^\w.-])[hH]2[oO](?:\[[^\]]*\])?\s*===?\s*v?(\d+(?:\.\d+){1,4})\b`)},
	{SiteBuildArg, regexp.MustCompile(`(?i)\bH2O_VERSION\b["']?\s*[=:]?\s*["']?(\d+(?:\.\d+){1,4})\b`)},
}

// scanVersions finds the H2O versions named by a Dockerfile, Compose file,
// Kubernetes manifest or YAML file, line by line, comments excluded.
func (s *state) scanVersions(f *pass.File) {
	src := f.Content()
	var found []*VersionSite
	for off := 0; off < len(src); {
		end := bytes.IndexByte(src[off:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += off
		}
		line := stripComment(src[off:end])
		seen := map[string]bool{}
		for _, vp := range versionPatterns {
			for _, m := range vp.re.FindAllSubmatchIndex(line, -1) {
				v := string(line[m[2]:m[3]])
				if len(m) > 4 && m[4] >= 0 {
					v += "." + string(line[m[4]:m[5]])
				}
				parsed, ok := ParseH2OVersion(v)
				if !ok || seen[v] {
					continue
				}
				seen[v] = true
				found = append(found, &VersionSite{
					Site: pass.SpanOf(f, off+m[2], off+m[len(m)-1]),
					Kind: vp.kind, Version: v, Parsed: parsed,
				})
			}
		}
		off = end + 1
	}
	s.mu.Lock()
	s.versions = append(s.versions, found...)
	s.mu.Unlock()
}

// stripComment drops a # comment: a line starting with # or the text after
// " #". Dockerfiles and YAML both comment that way.
func stripComment(line []byte) []byte {
	t := bytes.TrimLeft(line, " \t")
	if len(t) > 0 && t[0] == '#' {
		return nil
	}
	for i := 1; i < len(line); i++ {
		if line[i] == '#' && (line[i-1] == ' ' || line[i-1] == '\t') {
			return line[:i]
		}
	}
	return line
}

// urlVersion finds the version in a wheel or sdist URL of h2o.
var urlVersion = regexp.MustCompile(`h2o-(\d+(?:\.\d+){1,4})(?:[-.]|$)`)

// checkRequirements collects the h2o pin of a dependency file and reports
// a missing one.
func (s *state) checkRequirements(f *pass.File) {
	rf, err := requirements.Parse(f)
	if err != nil {
		s.pass.ReportSyntaxError(err)
	}
	if rf == nil {
		return
	}
	var sites []*VersionSite
	var unpinned, daimojo []Site
	for _, r := range rf.Requirements {
		switch r.Normalized {
		case "daimojo":
			daimojo = append(daimojo, pass.SpanOf(f, r.Start, r.End))
		case "h2o":
			v, pinned := r.Pin()
			start, end := r.SpecStart, r.SpecEnd
			if !pinned && r.URL != "" {
				if m := urlVersion.FindStringSubmatch(r.URL); m != nil {
					v, pinned = m[1], true
					start, end = r.Start, r.End
				}
			}
			parsed, ok := ParseH2OVersion(v)
			if !pinned || !ok {
				unpinned = append(unpinned, pass.SpanOf(f, r.Start, r.End))
				s.reportUnpinned(f, rf, r)
				continue
			}
			sites = append(sites, &VersionSite{Site: pass.SpanOf(f, start, end), Kind: SitePin, Version: v, Parsed: parsed})
		}
	}
	s.mu.Lock()
	s.versions = append(s.versions, sites...)
	s.unpinned = append(s.unpinned, unpinned...)
	s.daimojo = append(s.daimojo, daimojo...)
	s.mu.Unlock()
}

func (s *state) reportUnpinned(f *pass.File, rf *requirements.File, r *requirements.Requirement) {
	spec := r.SpecString()
	if spec == "" {
		spec = "no version"
	}
	s.pass.Reportf(RuleUnpinned, f.Pos(r.Start), f.Pos(r.End),
		"h2o is not pinned to an exact version (%s): the client must match the H2O cluster and the MOJO runtime, and a fresh install may pull %s or later, which gates MOJO export; pin h2o==<the cluster's version>",
		spec, FirstGatedRelease)
}

// reference picks the version the others must agree with: the most common
// version among the h2o pins, or among every site when nothing pins h2o.
// Ties go to the site found first.
func reference(sites []*VersionSite) string {
	pick := func(filter func(*VersionSite) bool) string {
		count := map[string]int{}
		best := ""
		for _, v := range sites {
			if !filter(v) {
				continue
			}
			count[v.Version]++
			if best == "" || count[v.Version] > count[best] {
				best = v.Version
			}
		}
		return best
	}
	if v := pick(func(v *VersionSite) bool { return v.Kind == SitePin }); v != "" {
		return v
	}
	return pick(func(*VersionSite) bool { return true })
}

// checkVersions reports versions that disagree, MOJOs newer than the
// runtime pin, and MOJO exports on releases that gate them.
func (s *state) checkVersions() {
	for _, a := range s.artifacts {
		if a.Report.Kind != H2O3MOJO || a.Report.H2OVersion == "" {
			continue
		}
		if parsed, ok := ParseH2OVersion(a.Report.H2OVersion); ok {
			site := h2oVersionSite(a)
			s.versions = append(s.versions, &VersionSite{Site: site, Kind: SiteMOJO, Version: a.Report.H2OVersion, Parsed: parsed})
		}
	}
	var stack []*VersionSite // everything but the MOJOs: what must agree
	for _, v := range s.versions {
		if v.Kind != SiteMOJO {
			stack = append(stack, v)
		}
	}
	ref := reference(stack)
	var agreeing []*VersionSite
	for _, v := range stack {
		if v.Version == ref {
			agreeing = append(agreeing, v)
		}
	}
	// The pins are what the others are told to match: name them first.
	sort.SliceStable(agreeing, func(i, j int) bool { return agreeing[i].Kind == SitePin && agreeing[j].Kind != SitePin })
	for _, v := range stack {
		if v.Version == ref {
			continue
		}
		first := agreeing[0]
		d := acr.Diagnostic{
			Pos: v.Pos(), End: v.EndPos(), Category: RuleVersionMismatch.ID,
			Message: fmt.Sprintf("%s names H2O %s but %s (%s) names %s: the client, cluster and runtime must run one release; use %s everywhere",
				v.Kind, v.Version, first.where(), first.Kind, ref, ref),
		}
		for i, a := range agreeing {
			if i == 3 {
				break
			}
			d.Related = append(d.Related, acr.RelatedInformation{Pos: a.Pos(), End: a.EndPos(), Message: fmt.Sprintf("%s names H2O %s", a.Kind, ref)})
		}
		s.pass.Report(d)
	}
	s.checkMOJONewer(stack, ref)
	s.checkGate(stack)
}

// checkMOJONewer reports MOJOs written by a newer H2O than the runtime
// that scores them: the h2o-genmodel named in the repository (the oldest,
// if several), else the reference version.
func (s *state) checkMOJONewer(stack []*VersionSite, ref string) {
	var runtime *VersionSite
	for _, v := range stack {
		if v.Kind == SiteGenmodel && (runtime == nil || v.Parsed.Compare(runtime.Parsed) < 0) {
			runtime = v
		}
	}
	if runtime == nil {
		for _, v := range stack {
			if v.Version == ref {
				runtime = v
				break
			}
		}
	}
	if runtime == nil {
		return
	}
	for _, v := range s.versions {
		if v.Kind != SiteMOJO || v.Parsed.Compare(runtime.Parsed) <= 0 {
			continue
		}
		s.pass.Report(acr.Diagnostic{
			Pos: v.Pos(), End: v.EndPos(), Category: RuleMOJONewer.ID,
			Message: fmt.Sprintf("MOJO written by H2O %s is newer than the runtime pin %s (%s, %s): an older h2o-genmodel may not read it; upgrade the runtime or re-export with %s",
				v.Version, runtime.Version, runtime.Kind, runtime.where(), runtime.Version),
			Related: []acr.RelatedInformation{{Pos: runtime.Pos(), End: runtime.EndPos(), Message: fmt.Sprintf("runtime pin %s", runtime.Version)}},
		})
	}
}

// checkGate reports MOJO exports that an open source H2O release of the
// repository would refuse: any client or cluster version from
// 3.46.0.12 on, or an h2o client nobody pinned.
func (s *state) checkGate(stack []*VersionSite) {
	if s.plan.Enterprise {
		return
	}
	var gated []*VersionSite
	clientPinned := false
	for _, v := range stack {
		if v.Kind == SiteGenmodel {
			continue // scoring with h2o-genmodel is not gated, only producing artifacts
		}
		if v.Kind == SitePin || v.Kind == SitePip || v.Kind == SiteBuildArg {
			clientPinned = true
		}
		if Gated(v.Parsed) {
			gated = append(gated, v)
		}
	}
	var exports []Site
	for _, m := range s.py {
		if !m.test {
			exports = append(exports, m.exports...)
		}
	}
	if len(exports) == 0 {
		return
	}
	for _, e := range exports {
		d := acr.Diagnostic{Pos: e.Pos(), End: e.EndPos(), Category: RuleExportGate.ID}
		switch {
		case len(gated) > 0:
			g := gated[0]
			d.Message = fmt.Sprintf("MOJO export with H2O %s (%s, %s): open source H2O-3 from %s refuses MOJO export without H2O-3 Enterprise (GH-16910); pin 3.46.0.11 everywhere, or set plan.enterprise when the licensed build is used",
				g.Version, g.Kind, g.where(), FirstGatedRelease)
			for i, v := range gated {
				if i == 3 {
					break
				}
				d.Related = append(d.Related, acr.RelatedInformation{Pos: v.Pos(), End: v.EndPos(), Message: fmt.Sprintf("%s names gated H2O %s", v.Kind, v.Version)})
			}
		case len(s.unpinned) > 0 || !clientPinned && s.sawDependencyFiles():
			d.Message = fmt.Sprintf("MOJO export with an unpinned h2o client: a fresh install gets the newest release, and open source H2O-3 from %s refuses MOJO export without H2O-3 Enterprise (GH-16910); pin h2o==3.46.0.11, or set plan.enterprise when the licensed build is used",
				FirstGatedRelease)
			for i, u := range s.unpinned {
				if i == 3 {
					break
				}
				d.Related = append(d.Related, acr.RelatedInformation{Pos: u.Pos(), End: u.EndPos(), Message: "h2o requirement without an exact pin"})
			}
		default:
			continue
		}
		s.pass.Report(d)
	}
}

// sawDependencyFiles reports whether the run walked a requirements,
// constraints, pyproject.toml or Pipfile file. Without one (acrvet run on
// a pipeline directory whose requirements live at the repository root)
// the h2o pin is unknown, not missing.
func (s *state) sawDependencyFiles() bool {
	return len(s.pass.Repo.OfKind(pass.Requirements, pass.Pyproject)) > 0
}

// checkRuntime reports artifacts and code that do not match the plan's
// scoring runtime.
func (s *state) checkRuntime() {
	report := func(site Site, format string, args ...any) {
		s.pass.Report(acr.Diagnostic{Pos: site.Pos(), End: site.EndPos(), Category: RuleRuntimeMismatch.ID, Message: fmt.Sprintf(format, args...)})
	}
	if s.plan.Runtime == "daimojo" {
		for _, a := range s.artifacts {
			if a.Report.Kind == H2O3MOJO {
				report(pass.At(a.File, 0), "H2O-3 MOJO (%s) but the plan's runtime is daimojo, which scores only Driverless AI pipeline.mojo files: score H2O-3 MOJOs with the JVM h2o-genmodel (plan.runtime: genmodel)", orNone(a.Report.Algorithm))
			}
		}
		for _, m := range s.py {
			if m.test {
				continue
			}
			for _, e := range m.exports {
				report(e, "exports an H2O-3 MOJO but the plan's runtime is daimojo, which cannot load it: daimojo scores only Driverless AI pipeline.mojo files; score with h2o-genmodel (plan.runtime: genmodel)")
			}
			for _, l := range m.loaders {
				report(l, "loads an H2O-3 MOJO through h2o-genmodel but the plan's runtime is daimojo: align the plan and the scoring code")
			}
		}
		return
	}
	for _, a := range s.artifacts {
		if a.Report.Kind == MOJO2Pipeline {
			report(pass.At(a.File, 0), "Driverless AI MOJO2 pipeline but the plan's runtime is the JVM h2o-genmodel, which cannot load it: score it with daimojo (plan.runtime: daimojo) or export an H2O-3 MOJO")
		}
	}
	for _, d := range s.daimojo {
		report(d, "uses daimojo but the plan's runtime is h2o-genmodel: daimojo scores only Driverless AI pipeline.mojo files, not the H2O-3 MOJOs the pipeline exports; load them with h2o-genmodel")
	}
	for _, m := range s.py {
		if m.test {
			continue
		}
		for _, d := range m.daimojo {
			report(d, "imports daimojo but the plan's runtime is h2o-genmodel: daimojo scores only Driverless AI pipeline.mojo files, not the H2O-3 MOJOs the pipeline exports; load them with h2o-genmodel")
		}
	}
}
