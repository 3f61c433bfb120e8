package volumes

import (
	_ "embed"
	"fmt"

	"path"
	"strconv"
	"strings"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/pass"
	"github.com/acrvet/acr/passes/manifest"
)

// doc is the package comment: its "# Analyzer volumes" section is the
// pass's documentation.
//
//go:embed doc.go
var doc string

// Analyzer reviews persistence: the data of Postgres and Mage containers
// must outlive the container.
var Analyzer = &acr.Analyzer{
	Name:     "volumes",
	Doc:      acr.MustExtractDoc(doc, "volumes"),
	Kinds:    []pass.Kind{pass.Compose, pass.Kubernetes, pass.Dockerfile, pass.DotEnv},
	Requires: []*acr.Analyzer{manifest.Analyzer},
	Formerly: []string{"memory"},
	Run:      run,
	Rules:    Rules,
}

func run(p *acr.Pass) (any, error) {
	res, _ := p.ResultOf[manifest.Analyzer].(*manifest.Result)
	if res == nil {
		return nil, nil
	}
	c := &checker{pass: p}
	var postgres, mage int
	for _, w := range res.Workloads {
		if w.Init || w.Platform == manifest.Docker {
			continue
		}
		sd := dataDir(w)
		if sd == nil {
			continue
		}
		c.checkVolumes(w, sd)
		if sd.rule == RuleEphemeralData {
			postgres++
		} else {
			mage++
		}
	}
	p.Examined("Postgres container", postgres, RuleEphemeralData)
	p.Examined("Mage container", mage, RuleEphemeralMageData)
	return nil, nil
}

type checker struct{ pass *acr.Pass }

func (c *checker) report(rule *acr.Rule, l manifest.Loc, format string, args ...any) {
	c.pass.ReportAt(rule, l, format, args...)
}

// stateDir is where a stateful container keeps its data, and the path of
// the image's own VOLUME, which shadows any mount above it.
type stateDir struct {
	what        string // "Postgres data", "Mage project data"
	rule        *acr.Rule
	dir         string
	imageVolume string
	note        string // extra advice for the message
	// projects is true when the directory holds one subdirectory per
	// project, each of which may be mounted on its own (Mage).
	projects bool
	// legacy is the data directory of Postgres 17 and earlier, set for a
	// Postgres 18+ image, with the image and its major version.
	legacy, image string
	major         int
}

// currentPostgresMajor is the major version the official image's latest
// tag and its version-less tags (alpine, bookworm, trixie) point at.
const currentPostgresMajor = 18

// imagePostgresMajor returns the Postgres major version an image reference
// runs: from its tag, or the current one for a tag without version.
func imagePostgresMajor(ref string) int {
	tag := manifest.ImageTag(ref)
	if n := postgresMajor(tag); n > 0 {
		return n
	}
	if strings.IndexAny(tag, "0123456789") < 0 {
		return currentPostgresMajor
	}
	return 0
}

// postgresMajor returns the major version in an image tag ("16-alpine",
// "pg17", "18.1"), or 0.
func postgresMajor(tag string) int {
	t := strings.TrimPrefix(strings.ToLower(tag), "pg")
	i := 0
	for i < len(t) && t[i] >= '0' && t[i] <= '9' {
		i++
	}
	n, _ := strconv.Atoi(t[:i])
	if n > 0 && n < 100 {
		return n
	}
	// pgvector's 0.8.0-pg17 and timescale's 2.17.2-pg17 put it last.
	if j := strings.LastIndex(t, "pg"); j >= 0 {
		return postgresMajor(t[j+2:])
	}
	return 0
}

// dataDir returns the state directory of a Postgres or Mage workload.
func dataDir(w *manifest.Workload) *stateDir {
	if w.Datastore() == "Postgres" {
		img := ""
		if w.Image != nil {
			img = w.Image.Text
		}
		repo := manifest.ImageRepo(img)
		sd := &stateDir{what: "Postgres data", rule: RuleEphemeralData, dir: "/var/lib/postgresql/data", imageVolume: "/var/lib/postgresql/data"}
		switch {
		case strings.HasPrefix(repo, "bitnami/postgresql"):
			sd.dir, sd.imageVolume = "/bitnami/postgresql", "/bitnami/postgresql"
		case repo == "timescale/timescaledb-ha":
			sd.dir, sd.imageVolume = "/home/postgres/pgdata", "/home/postgres/pgdata"
		case imagePostgresMajor(img) >= 18:
			major := imagePostgresMajor(img)
			sd.dir = "/var/lib/postgresql/" + strconv.Itoa(major) + "/docker"
			sd.imageVolume = "/var/lib/postgresql"
			sd.note = "; from Postgres 18 the image keeps its data under /var/lib/postgresql/" + strconv.Itoa(major) +
				"/docker and declares its volume at /var/lib/postgresql, so mount the volume there"
			sd.legacy, sd.image, sd.major = "/var/lib/postgresql/data", img, major
		}
		if e, ok := w.Getenv("PGDATA"); ok && e.Value != nil && e.Value.Known() && strings.HasPrefix(e.Value.Text, "/") {
			sd.dir = path.Clean(e.Value.Text)
		}
		return sd
	}
	if isMage(w) {
		return &stateDir{what: "Mage project data", rule: RuleEphemeralMageData, dir: "/home/src", projects: true}
	}
	return nil
}

func isMage(w *manifest.Workload) bool {
	if w.HasImagePrefix("mageai/mage") {
		return true
	}
	if w.Launch != nil {
		for i, a := range w.Launch.Argv {
			if path.Base(a.Text) == "mage" && i+1 < len(w.Launch.Argv) && w.Launch.Argv[i+1].Text == "start" {
				return true
			}
			if strings.Contains(a.Text, "mage start") {
				return true
			}
		}
	}
	return false
}

// under reports whether p is dir or inside it.
func under(p, dir string) bool {
	p, dir = path.Clean(p), path.Clean(dir)
	return p == dir || dir == "/" || strings.HasPrefix(p, dir+"/")
}

// checkVolumes checks that the data directory sd of a workload (dataDir)
// is on a persistent volume.
func (c *checker) checkVolumes(w *manifest.Workload, sd *stateDir) {
	// The mount that holds the data is the deepest one at or above the
	// data directory. A mount whose target depends on an unset variable
	// may be anywhere: then nothing is guessed.
	var holder *manifest.Mount
	for _, m := range w.Mounts {
		if len(m.Unresolved) > 0 {
			return
		}
	}
	for _, m := range w.Mounts {
		if m.Target != "" && under(sd.dir, m.Target) && (holder == nil || len(path.Clean(m.Target)) > len(path.Clean(holder.Target))) {
			holder = m
		}
	}
	if holder != nil && sd.imageVolume != "" && under(sd.imageVolume, holder.Target) && path.Clean(sd.imageVolume) != path.Clean(holder.Target) &&
		under(sd.dir, sd.imageVolume) && w.Dev == "" {
		// The image's own anonymous volume sits between the mount and the
		// data and takes the data.
		c.report(sd.rule, holder.Loc, "%s of %s lands in the image's anonymous volume %s, not in the %s mounted at %s: "+
			"mount the named volume at %s", sd.what, w.Name, sd.imageVolume, holder.Type, holder.Target, sd.imageVolume)
		return
	}
	if holder == nil && sd.projects {
		// Mage projects live in directories below /home/src: each one
		// mounted there must persist.
		for _, m := range w.Mounts {
			if under(m.Target, sd.dir) && !m.ReadOnly {
				c.checkHolder(w, sd, m)
			}
		}
		if hasMountUnder(w, sd.dir) {
			return
		}
	}
	if holder == nil {
		msg := "%s of %s (%s) is on no volume: it lives in the container or the image's anonymous volume and is lost " +
			"with it; mount a named volume declared under the top-level volumes at %s%s"
		target := sd.dir
		if sd.imageVolume != "" && under(sd.dir, sd.imageVolume) {
			target = sd.imageVolume
		}
		if w.Platform == manifest.Kubernetes {
			msg = "%s of %s (%s) is on no volume: it is lost when the pod is rescheduled; mount a persistentVolumeClaim " +
				"(or a volumeClaimTemplate) at %s%s"
		}
		// A mount inside the image's volume but beside the data is the
		// pre-18 layout on a Postgres 18 image: the server refuses to start
		// with data there.
		if sd.legacy != "" {
			for _, m := range w.Mounts {
				if under(m.Target, sd.legacy) {
					c.report(sd.rule, m.Loc, "%s of %s is not in the %s mounted at %s: %s runs Postgres %d or later, "+
						"which keeps its data in %s and refuses to start with data in the old location; mount the volume "+
						"at %s (or pin the image to Postgres 17)", sd.what, w.Name, m.Type, m.Target, sd.image, sd.major, sd.dir, sd.imageVolume)
					return
				}
			}
		}
		if w.Dev != "" {
			return // throwaway data is the point of a development or test database
		}
		// A mount below the data directory holds only part of it.
		for _, m := range w.Mounts {
			if under(m.Target, sd.dir) {
				c.report(sd.rule, m.Loc, msg, sd.what, w.Name, sd.dir, target, sd.note)
				return
			}
		}
		c.report(sd.rule, w.Loc, msg, sd.what, w.Name, sd.dir, target, sd.note)
		return
	}
	c.checkHolder(w, sd, holder)
}

// article puts "a" or "an" before a noun phrase.
func article(noun string) string {
	if noun != "" && strings.ContainsRune("aeiouAEIOU", rune(noun[0])) {
		return "an " + noun
	}
	return "a " + noun
}

func hasMountUnder(w *manifest.Workload, dir string) bool {
	for _, m := range w.Mounts {
		if under(m.Target, dir) {
			return true
		}
	}
	return false
}

// checkHolder reports a mount holding state that does not persist it.
func (c *checker) checkHolder(w *manifest.Workload, sd *stateDir, holder *manifest.Mount) {
	switch holder.Type {
	case manifest.PVC, manifest.ClaimTemplate, manifest.NetworkVolume:
		return
	case manifest.NamedVolume:
		if holder.Declared && !holder.InMemory {
			return
		}
	}
	if holder.Type != manifest.NamedVolume || holder.Declared {
		if w.Dev != "" {
			return // throwaway data is the point of a development or test database
		}
	}
	if holder.Type == manifest.NamedVolume && !holder.Declared {
		c.report(sd.rule, holder.Loc, "named volume %q that holds the %s of %s is not declared under the "+
			"top-level volumes: Compose refuses the file; declare it", holder.Source, strings.ToLower(sd.what[:1])+sd.what[1:], w.Name)
		return
	}
	why := map[manifest.MountType]string{
		manifest.BindMount:       "ties the data to one host's directory layout and permissions, outside Docker's volume management",
		manifest.AnonymousVolume: "an anonymous volume is orphaned by docker compose down and never reused by a new project",
		manifest.Tmpfs:           "tmpfs lives in memory and is gone when the container stops",
		manifest.EmptyDir:        "emptyDir is deleted with the pod",
		manifest.HostPath:        "hostPath ties the data to one node and is lost when the pod moves",
		manifest.EphemeralClaim:  "an ephemeral volume is created and deleted with the pod",
		manifest.OtherVolume:     "that volume type does not persist the data",
	}[holder.Type]
	switch {
	case holder.InMemory && holder.Type == manifest.EmptyDir:
		why = "an emptyDir with medium Memory is deleted with the pod, and its files count against the container's memory limit"
	case holder.InMemory:
		why = "its top-level declaration keeps it in tmpfs (driver_opts type: tmpfs), which lives in memory and is gone when the container stops"
	}
	use := "a named volume declared under the top-level volumes"
	if w.Platform == manifest.Kubernetes {
		use = "a persistentVolumeClaim or a volumeClaimTemplate"
	}
	src := ""
	if holder.Source != "" && (holder.Type == manifest.BindMount || holder.Type == manifest.HostPath) {
		src = " " + holder.Source
	}
	kind := string(holder.Type)
	if holder.Type == manifest.NamedVolume {
		kind += " " + strconv.Quote(holder.Source)
	}
	msg := fmt.Sprintf("%s of %s is on %s%s: %s; use %s%s", sd.what, w.Name, article(kind), src, why, use, sd.note)
	if holder.Type == manifest.HostPath && w.Kind == "Pod" && holder.Loc.Valid() {
		// No controller moves a bare Pod: it lives and dies on its node,
		// and so does the data, as it would with a Deployment only after
		// a reschedule. Worth knowing, not a defect of this file.
		c.pass.ReportNote(acr.Diagnostic{Pos: holder.Loc.Pos(), End: holder.Loc.EndPos(), Category: sd.rule.ID,
			Message: msg + " (a note: a bare Pod is never moved to another node; this matters once a Deployment or StatefulSet runs it)"})
		return
	}
	c.report(sd.rule, holder.Loc, "%s", msg)
}
