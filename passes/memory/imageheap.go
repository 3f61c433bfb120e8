package memory

import (
	"fmt"
	"strings"

	"github.com/acrvet/acr/passes/manifest"
)

// imageJVM returns the JVM product a workload runs through its image's own
// start script (manifest.JVMImages), or nil when the image is none of them
// or the manifests start java themselves.
func imageJVM(w *manifest.Workload) *manifest.JVMImage {
	if w.Launch != nil && w.Launch.Java {
		return nil
	}
	for _, img := range w.Images() {
		if j := manifest.LookupJVMImage(img); j != nil {
			return j
		}
	}
	return nil
}

// processHeap computes the heap of one JVM of a product image: the flags
// of JAVA_TOOL_OPTIONS, then of the product's variables as its start script
// puts them on the command line, then _JAVA_OPTIONS.
func processHeap(w *manifest.Workload, p manifest.JVMProcess) heap {
	var flags []heapFlag
	fromVar := func(name string) {
		if e, ok := w.Getenv(name); ok && e.Value != nil {
			for _, f := range manifest.SplitFlags(e.Value) {
				flags = append(flags, heapFlag{flag: f, source: name, value: e.Value})
			}
		}
	}
	fromVar(toolOptions)
	for _, name := range p.OptsVars {
		fromVar(name)
	}
	if p.SizeVar != "" {
		if e, ok := w.Getenv(p.SizeVar); ok && e.Value != nil && strings.TrimSpace(e.Value.Text) != "" {
			f := &manifest.Flag{Text: "-Xmx" + strings.TrimSpace(e.Value.Text), Loc: e.Value.Loc, Unresolved: e.Value.Unresolved}
			flags = append(flags, heapFlag{flag: f, source: p.SizeVar, value: e.Value})
		}
	}
	fromVar(underscore)
	return heapOf(flags, false)
}

// checkImageHeap checks a JVM product image: a memory limit, and the heaps
// its JVMs get from the product's variables or the image's defaults
// against the plan's share of the limit. A default that is a share of the
// memory chosen by the vendor (Elasticsearch's half, Keycloak's 70%) is
// the vendor's sizing and is not second-guessed.
func (c *checker) checkImageHeap(w *manifest.Workload, img *manifest.JVMImage) {
	if w.Platform == manifest.Docker {
		return // the limit is the manifest's: the Compose or Kubernetes workload is checked
	}
	limit, limitOK := limitOf(w)
	if limit == nil {
		if w.Dev != "" {
			return
		}
		how := setLimitAdvice(w)
		heapNow, fixed := "its heap follows the host's memory", int64(0)
		var parts []string
		for _, p := range img.JVMs {
			h := processHeap(w, p)
			switch {
			case h.set && h.percent == 0 && len(h.unresolved) == 0:
				fixed += h.bytes
				parts = append(parts, h.flag.Text+" in "+h.source)
			case !h.set && p.DefaultBytes > 0 && p.DefaultPercent == 0:
				fixed += p.DefaultBytes
				parts = append(parts, "the image's default "+p.Default)
			default:
				fixed = -1 << 62 // a share of the host's memory: no fixed heap
			}
		}
		advice := fmt.Sprintf("size the heap with %s below %s of it", strings.Join(heapVars(img), " or "), pct(c.ratio))
		if fixed > 0 {
			heapNow = fmt.Sprintf("its heap is %s (%s), but nothing bounds the native memory beside it", manifest.FormatBytes(fixed), strings.Join(parts, " + "))
			advice = "give it at least " + manifest.FormatBytes(c.limitFor(fixed)) +
				", so the heap stays within the plan's " + pct(c.ratio)
		} else {
			heapNow += ", and nothing bounds the native memory the JVM uses beside it"
		}
		c.reportNoLimit(w, "JVM %s (%s) has no memory limit: %s; %s and %s",
			w.Name, img.Product, heapNow, how, advice)
		return
	}
	if !limitOK || limit.Bytes <= 0 {
		return
	}
	var total int64
	var sources []string
	var at manifest.Loc
	explicit := false
	for _, p := range img.JVMs {
		h := processHeap(w, p)
		if len(h.unresolved) > 0 || h.invalid {
			return // what the variable holds is unknown here
		}
		name := ""
		if p.Name != "" {
			name = p.Name + " "
		}
		switch {
		case h.set && h.percent > 0:
			total += int64(float64(limit.Bytes) * h.percent / 100)
			sources = append(sources, fmt.Sprintf("%s%s in %s", name, h.flag.Text, h.source))
		case h.set && h.source == p.SizeVar:
			total += h.bytes
			sources = append(sources, fmt.Sprintf("%s%s=%s", name, h.source, strings.TrimPrefix(h.flag.Text, "-Xmx")))
		case h.set:
			total += h.bytes
			sources = append(sources, fmt.Sprintf("%s%s in %s", name, h.flag.Text, h.source))
		case p.DefaultBytes > 0:
			total += p.DefaultBytes
			sources = append(sources, fmt.Sprintf("%sthe image's default %s", name, p.Default))
			continue
		default:
			// A vendor's share of the memory, or a formula of it.
			continue
		}
		explicit = true
		if !at.Valid() && h.flag.Loc.Valid() && !(inDockerfile(h.flag.Loc) && limit.Value.Loc.Valid()) {
			at = h.flag.Loc
		}
	}
	if total == 0 {
		return
	}
	if !at.Valid() {
		at = limit.Value.Loc
	}
	how := " in " + strings.Join(heapVars(img), " or ")
	if !explicit {
		how = " by setting " + strings.Join(heapVars(img), " or ")
	}
	c.reportHeapShare(w, total, strings.Join(sources, " + "), at, limit, nil, how)
}

// heapVars lists the variables that size a product image's heaps.
func heapVars(img *manifest.JVMImage) []string {
	var out []string
	for _, p := range img.JVMs {
		if len(p.OptsVars) > 0 {
			out = append(out, p.OptsVars[0])
		}
		if p.SizeVar != "" {
			out = append(out, p.SizeVar)
		}
	}
	if len(out) == 0 {
		out = append(out, toolOptions)
	}
	return out
}

// checkImageJavaOpts reports JAVA_OPTS on a product image whose start
// script reads its own variables and never JAVA_OPTS.
func (c *checker) checkImageJavaOpts(w *manifest.Workload, img *manifest.JVMImage) {
	if img.ReadsJavaOpts || w.Launch != nil && strings.Contains(w.Launch.From, "entrypoint") {
		return
	}
	e, ok := w.Getenv(javaOpts)
	if !ok || e.Value == nil || strings.TrimSpace(e.Value.Text) == "" {
		return
	}
	if w.Platform != manifest.Docker && e.Source == "Dockerfile ENV" {
		return // the Dockerfile's workload reports it, once
	}
	loc := e.Loc
	if !loc.Valid() {
		loc = e.Value.Loc
	}
	c.report(RuleJavaOpts, loc, "JAVA_OPTS of %s is read by no JVM: the %s image's start script reads %s, not JAVA_OPTS, "+
		"so %q is ignored; put the flags in %s", w.Name, img.Product, strings.Join(heapVars(img), " and "),
		strings.TrimSpace(e.Value.Text), heapVars(img)[0])
}
