package memory

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/pass"
	"github.com/acrvet/acr/passes/manifest"
)

// The variables HotSpot reads by itself, in the order it applies them
// around the command line.
const (
	toolOptions = "JAVA_TOOL_OPTIONS"
	jdkOptions  = "JDK_JAVA_OPTIONS"
	underscore  = "_JAVA_OPTIONS"
	javaOpts    = "JAVA_OPTS"
)

// isJVMOptionsVar reports whether a variable name is meant for JVM flags.
func isJVMOptionsVar(name string) bool {
	switch name {
	case javaOpts, toolOptions, jdkOptions, underscore:
		return true
	}
	return strings.HasSuffix(name, "_JAVA_OPTS") || strings.HasSuffix(name, "JVM_OPTS") || strings.HasSuffix(name, "HEAP_OPTS")
}

// isJVM reports whether a workload runs a JVM.
func isJVM(w *manifest.Workload) bool {
	if w.Launch != nil && w.Launch.Java || imageJVM(w) != nil {
		return true
	}
	prefixes := list(jvmImages)
	for _, img := range w.Images() {
		repo := manifest.ImageRepo(img)
		for _, p := range prefixes {
			if strings.HasPrefix(repo, p) {
				return true
			}
		}
	}
	for _, name := range []string{toolOptions, jdkOptions, underscore, javaOpts} {
		if e, ok := w.Getenv(name); ok && e.Value != nil && strings.TrimSpace(e.Value.Text) != "" {
			return true
		}
	}
	return false
}

// A heapFlag is a JVM flag and where HotSpot gets it from.
type heapFlag struct {
	flag   *manifest.Flag
	source string
	value  *manifest.Value // the variable's value, when the flag came from one
}

// heap is the effective maximum heap.
type heap struct {
	set     bool
	bytes   int64   // from -Xmx or -XX:MaxHeapSize, or a share of -XX:MaxRAM
	percent float64 // from -XX:MaxRAMPercentage or MaxRAMFraction
	flag    *manifest.Flag
	source  string
	// assumed is true when the flag comes from JAVA_OPTS that an unseen
	// start script is assumed to pass to java.
	assumed bool
	// unresolved names the variables the heap depends on that nothing
	// sets.
	unresolved []string
	unresFlag  *manifest.Flag
	// invalid is true when a heap flag is unreadable: the JVM will not
	// start, which checkFlagSizes reports.
	invalid bool
	// initial is the initial heap from -Xms or -XX:InitialHeapSize: the
	// JVM raises a maximum it computes itself to it, and refuses to start
	// when it exceeds an explicit maximum (initialAboveMax).
	initial         int64
	initialFlag     *heapFlag
	initialAboveMax bool
	// noContainerSupport is the -XX:-UseContainerSupport that makes the
	// JVM size a heap it computes from the host's memory, not the
	// container's limit.
	noContainerSupport *heapFlag
	// initialOnly is a flag that sizes only the initial or the small-memory
	// heap (-XX:InitialRAMPercentage, -XX:MinRAMPercentage) when nothing
	// sets the maximum: a common mistake for MaxRAMPercentage.
	initialOnly *heapFlag
}

// jvmFlags returns the flags HotSpot applies, in its order: JAVA_TOOL_OPTIONS,
// then JDK_JAVA_OPTIONS and the command line (for the java launcher), then
// _JAVA_OPTIONS. When the command is a script acr cannot see, JAVA_OPTS is
// taken as what the script passes.
func jvmFlags(w *manifest.Workload) (flags []heapFlag, assumed bool) {
	fromVar := func(name, source string) {
		e, ok := w.Getenv(name)
		if !ok || e.Value == nil {
			return
		}
		for _, f := range manifest.SplitFlags(e.Value) {
			flags = append(flags, heapFlag{flag: f, source: source, value: e.Value})
		}
	}
	fromVar(toolOptions, toolOptions)
	l := w.Launch
	switch {
	case l != nil && l.Java:
		fromVar(jdkOptions, jdkOptions)
		for _, f := range l.JVMFlags {
			src := "the command line"
			var val *manifest.Value
			if f.Via != "" {
				src = "$" + f.Via
				if e, ok := w.Getenv(f.Via); ok {
					val = e.Value
				}
			}
			flags = append(flags, heapFlag{flag: f, source: src, value: val})
		}
	case l == nil || !l.Known || l.Script != "":
		n := len(flags)
		fromVar(javaOpts, javaOpts)
		assumed = len(flags) > n
	}
	fromVar(underscore, underscore)
	return flags, assumed
}

// heapSizeFlag returns the size text of -Xmx and -XX:MaxHeapSize.
func heapSizeFlag(f string) (string, bool) { return sizeFlag(f, "-Xmx", "-XX:MaxHeapSize=") }

// sizeFlag returns the size text of a flag with one of the prefixes.
func sizeFlag(f string, prefixes ...string) (string, bool) {
	for _, p := range prefixes {
		if s, ok := strings.CutPrefix(f, p); ok {
			return s, true
		}
	}
	return "", false
}

// effectiveHeap computes the heap the JVM of a workload will use.
func effectiveHeap(w *manifest.Workload) heap { return heapOf(jvmFlags(w)) }

// defaultMaxRAMPercentage is HotSpot's share of the memory for the maximum
// heap when no flag sets it.
const defaultMaxRAMPercentage = 25

// heapOf computes the heap the JVM will use from its flags in HotSpot's
// order. An explicit size wins over a percentage whatever their order;
// among sizes, and among percentages, the last one wins. MaxRAMFraction
// applies only when MaxRAMPercentage is not set. -XX:MaxRAM replaces the
// container's memory as the base of the percentage, so with it the heap
// is a fixed size.
func heapOf(flags []heapFlag, assumed bool) heap {
	var size, percent, fraction, maxRAM, initial, containerSupport, initialOnly *heapFlag
	var h heap
	for i := range flags {
		hf := &flags[i]
		f := hf.flag.Text
		if len(hf.flag.Unresolved) > 0 {
			if _, ok := heapSizeFlag(f); ok || strings.HasPrefix(f, "-XX:MaxRAM") {
				h.unresolved, h.unresFlag = hf.flag.Unresolved, hf.flag
				continue
			}
		}
		if s, ok := heapSizeFlag(f); ok {
			if strings.Contains(s, "$") {
				h.unresolved, h.unresFlag = []string{s}, hf.flag
				continue
			}
			if _, err := manifest.ParseJVMSize(s); err == nil {
				// A later explicit size decides whatever came before.
				size, h.unresolved, h.unresFlag = hf, nil, nil
			} else {
				h.invalid = true
			}
		}
		if s, ok := initialSizeFlag(f); ok {
			if _, err := manifest.ParseJVMSize(s); err == nil {
				initial = hf
			}
		}
		if v, ok := strings.CutPrefix(f, "-XX:MaxRAM="); ok {
			if _, err := manifest.ParseJVMSize(v); err == nil {
				maxRAM = hf
			}
		}
		switch f {
		case "-XX:-UseContainerSupport", "-XX:+UseContainerSupport":
			containerSupport = hf
		}
		if strings.HasPrefix(f, "-XX:InitialRAMPercentage=") || strings.HasPrefix(f, "-XX:MinRAMPercentage=") ||
			strings.HasPrefix(f, "-XX:InitialRAMFraction=") || strings.HasPrefix(f, "-XX:MinRAMFraction=") {
			initialOnly = hf
		}
		if v, ok := strings.CutPrefix(f, "-XX:MaxRAMPercentage="); ok {
			if _, err := strconv.ParseFloat(v, 64); err == nil {
				percent = hf
			}
		}
		if v, ok := strings.CutPrefix(f, "-XX:MaxRAMFraction="); ok {
			if n, err := strconv.Atoi(v); err == nil && n > 0 {
				fraction = hf
			}
		}
	}
	pick := func(hf *heapFlag) {
		h.set, h.flag, h.source = true, hf.flag, hf.source
		h.assumed = assumed && hf.source == javaOpts
	}
	switch {
	case size != nil:
		s, _ := heapSizeFlag(size.flag.Text)
		h.bytes, _ = manifest.ParseJVMSize(s)
		pick(size)
	case percent != nil:
		h.percent, _ = strconv.ParseFloat(strings.TrimPrefix(percent.flag.Text, "-XX:MaxRAMPercentage="), 64)
		pick(percent)
	case fraction != nil:
		n, _ := strconv.Atoi(strings.TrimPrefix(fraction.flag.Text, "-XX:MaxRAMFraction="))
		h.percent = 100 / float64(n)
		pick(fraction)
	}
	if initial != nil {
		s, _ := initialSizeFlag(initial.flag.Text)
		h.initial, _ = manifest.ParseJVMSize(s)
		h.initialFlag = initial
		h.initialAboveMax = size != nil && h.initial > h.bytes
	}
	if size == nil && maxRAM != nil && len(h.unresolved) == 0 {
		ram, _ := manifest.ParseJVMSize(strings.TrimPrefix(maxRAM.flag.Text, "-XX:MaxRAM="))
		share := h.percent
		how := fmt.Sprintf("%s in %s, of which the JVM's default %d%%", maxRAM.flag.Text, maxRAM.source, defaultMaxRAMPercentage)
		if share == 0 {
			share = defaultMaxRAMPercentage
		} else {
			how = fmt.Sprintf("%s in %s with %s", maxRAM.flag.Text, maxRAM.source, h.flag.Text)
		}
		pick(maxRAM)
		h.bytes, h.percent, h.source = int64(float64(ram)*share/100), 0, how
		h.assumed = assumed && maxRAM.source == javaOpts
	}
	if containerSupport != nil && containerSupport.flag.Text == "-XX:-UseContainerSupport" && size == nil && maxRAM == nil {
		h.noContainerSupport = containerSupport
	}
	if !h.set && h.initial == 0 {
		h.initialOnly = initialOnly
	}
	return h
}

// atLimit returns the heap in a container of the given memory limit: the
// JVM raises a maximum it computes from the memory to the initial heap
// (-Xms above the share), which makes the maximum a fixed size.
func (h heap) atLimit(limit int64) heap {
	if h.initialFlag == nil || h.bytes > 0 || limit <= 0 || h.noContainerSupport != nil || len(h.unresolved) > 0 {
		return h
	}
	share := h.percent
	if !h.set {
		share = defaultMaxRAMPercentage
	}
	if float64(h.initial) <= float64(limit)*share/100 {
		return h
	}
	h.set, h.bytes, h.percent, h.flag = true, h.initial, 0, h.initialFlag.flag
	h.source = fmt.Sprintf("%s in %s, which raises the maximum heap above the %s share of the memory", h.initialFlag.flag.Text,
		h.initialFlag.source, pct(share/100))
	h.assumed = false
	return h
}

// initialSizeFlag returns the size text of -Xms and -XX:InitialHeapSize.
func initialSizeFlag(f string) (string, bool) { return sizeFlag(f, "-Xms", "-XX:InitialHeapSize=") }

// setLimitAdvice says how to set a memory limit on a workload, and that
// the reservation or request it has is none.
func setLimitAdvice(w *manifest.Workload) string {
	if w.Platform == manifest.Kubernetes {
		if w.MemRequest != nil {
			return "set resources.limits.memory (a request is not a limit)"
		}
		return "set resources.limits.memory"
	}
	if w.MemRequest != nil {
		return "set mem_limit (or deploy.resources.limits.memory; a reservation is not a limit)"
	}
	return "set mem_limit (or deploy.resources.limits.memory)"
}

// limitOf returns the container's readable memory limit, if any. A limit
// of 0 is no limit: Docker and Kubernetes both read it so.
func limitOf(w *manifest.Workload) (*manifest.Quantity, bool) {
	for _, q := range []*manifest.Quantity{w.MemLimit, w.MemLimitDeploy} {
		if q != nil && !noLimit(q) {
			return q, q.Err == ""
		}
	}
	return nil, false
}

// noLimit reports whether a memory setting reads as "no limit": 0, as
// written or as a variable's default (${LIMIT:-0}).
func noLimit(q *manifest.Quantity) bool { return q.Err == "" && q.Bytes == 0 }

// inDockerfile reports whether a location is in a Dockerfile: such
// findings are the Dockerfile workload's to report, once.
func inDockerfile(l manifest.Loc) bool { return l.File != nil && l.File.Kind == pass.Dockerfile }

func (c *checker) checkJVM(w *manifest.Workload) {
	if !isJVM(w) {
		return
	}
	if img := imageJVM(w); img != nil {
		c.checkImageHeap(w, img)
		return
	}
	c.checkFlagSizes(w)
	h := effectiveHeap(w)
	limit, limitOK := limitOf(w)
	if h.initialAboveMax && (w.Platform == manifest.Docker || !inDockerfile(h.initialFlag.flag.Loc)) {
		c.report(RuleMemorySize, h.initialFlag.flag.Loc, "initial heap %s in %s of %s is above its maximum heap %s (from %s): "+
			"the JVM refuses to start (initial heap size set to a larger value than the maximum heap size); "+
			"lower the initial heap to at most the maximum", h.initialFlag.flag.Text, h.initialFlag.source, w.Name,
			manifest.FormatBytes(h.bytes), h.source)
		return
	}
	if limitOK {
		h = h.atLimit(limit.Bytes)
		if ncs := h.noContainerSupport; ncs != nil && limit.Bytes > 0 && (w.Platform == manifest.Docker || !inDockerfile(ncs.flag.Loc)) {
			share := h.percent
			if !h.set {
				share = defaultMaxRAMPercentage
			}
			c.report(RuleMemorySplit, ncs.flag.Loc, "%s in %s makes the JVM of %s ignore its %s memory limit: it sizes "+
				"the heap (%s of the memory) from the host's memory, so the heap can outgrow the limit and the container "+
				"is OOM-killed; remove the flag, or set an explicit -Xmx of at most %s", ncs.flag.Text, ncs.source, w.Name,
				manifest.FormatBytes(limit.Bytes), pct(share/100), mebibytes(int64(math.Floor(float64(limit.Bytes)*c.ratio/(1<<20)))<<20))
			return
		}
	}
	if w.Platform != manifest.Docker && limit == nil {
		if w.Dev != "" {
			return // a development file runs on a laptop, sized by hand
		}
		if !h.set && !isH2O(w) {
			// A JVM nobody sized in a container nobody bounded runs on the
			// JVM's container defaults; the plan's split concerns H2O and the
			// heaps a manifest sets.
			return
		}
		how := setLimitAdvice(w)
		if h.set && h.bytes > 0 && len(h.unresolved) == 0 {
			c.reportNoLimit(w, "JVM %s has no memory limit: its heap is %s (from %s), but nothing bounds "+
				"its native memory (%s) beside it; %s to at least %s, so the heap stays within the plan's %s",
				w.Name, manifest.FormatBytes(h.bytes), h.source, nativeUsers(w), how,
				manifest.FormatBytes(c.limitFor(h.bytes)), pct(c.ratio))
			return
		}
		c.reportNoLimit(w, "JVM %s has no memory limit: the JVM sizes its heap from the host's memory "+
			"and nothing bounds its native memory (%s); %s and size the heap below %s of it",
			w.Name, nativeUsers(w), how, pct(c.ratio))
		// The missing limit is the cause: an unsized heap or a share of
		// nothing adds no second finding.
		return
	}
	if len(h.unresolved) > 0 && h.unresFlag != nil && !inDockerfile(h.unresFlag.Loc) {
		unset, fix := "which no .env sets", "set it in the project's .env"
		if w.Platform == manifest.Kubernetes {
			unset, fix = "which the manifests do not define", "define it in the container's env or a ConfigMap of the repository"
		}
		c.report(RuleMemorySize, h.unresFlag.Loc, "heap flag %s of %s depends on %s, %s: "+
			"acr cannot check the heap against the memory limit; %s",
			h.unresFlag.Text, w.Name, strings.Join(h.unresolved, ", "), unset, fix)
		return
	}
	if !h.set {
		if io := h.initialOnly; io != nil && w.Platform != manifest.Docker && w.Dev == "" && !inDockerfile(io.flag.Loc) {
			what := "sizes only the initial heap"
			if strings.HasPrefix(io.flag.Text, "-XX:MinRAM") {
				what = "sizes the heap only on machines with less than about 250 MB of memory"
			}
			c.report(RuleHeapNotSized, io.flag.Loc, "%s in %s of %s %s, not the maximum: the JVM still takes its default %d%% "+
				"of the memory limit as the maximum heap; set -XX:MaxRAMPercentage=%d or an explicit -Xmx",
				io.flag.Text, io.source, w.Name, what, defaultMaxRAMPercentage, int(c.ratio*100))
			return
		}
		if w.Platform != manifest.Docker && w.Dev == "" && w.Launch != nil && w.Launch.Known && w.Launch.Java && !h.invalid && !misusedOptions(w) {
			c.report(RuleHeapNotSized, w.Loc, "JVM heap of %s is not sized: without -Xmx or -XX:MaxRAMPercentage the "+
				"JVM takes 25%% of the memory limit, not a share chosen for the workload; set "+
				"JAVA_TOOL_OPTIONS=-XX:MaxRAMPercentage=%d or an explicit -Xmx", w.Name, int(c.ratio*100))
		}
		return
	}
	assumed := ""
	if h.assumed {
		assumed = " (assuming the start script passes JAVA_OPTS to java)"
	}
	if h.percent > 0 {
		if h.percent/100 <= c.ratio+1e-9 {
			return
		}
		if w.Platform != manifest.Docker && inDockerfile(h.flag.Loc) {
			return
		}
		left := fmt.Sprintf("%s of it", pct(1-h.percent/100))
		if limitOK {
			heapBytes := int64(float64(limit.Bytes) * h.percent / 100)
			left = fmt.Sprintf("%s of %s", manifest.FormatBytes(limit.Bytes-heapBytes), manifest.FormatBytes(limit.Bytes))
		}
		c.report(RuleMemorySplit, h.flag.Loc, "%s in %s gives the JVM heap of %s %s of the container memory%s: "+
			"the plan allows %s, and only %s is left for native memory (%s); "+
			"use -XX:MaxRAMPercentage=%d or less", h.flag.Text, h.source, w.Name, pct(h.percent/100), assumed,
			pct(c.ratio), left, nativeUsers(w), int(c.ratio*100))
		return
	}
	if !limitOK || limit.Bytes <= 0 {
		return
	}
	loc := h.flag.Loc
	if !loc.Valid() || (w.Platform != manifest.Docker && inDockerfile(loc) && limit.Value.Loc.Valid()) {
		loc = limit.Value.Loc
	}
	var fix *manifest.Flag
	if strings.HasPrefix(h.flag.Text, "-Xmx") && h.flag.Loc == loc && loc.End-loc.Start == len(h.flag.Text) {
		fix = h.flag
	}
	c.reportHeapShare(w, h.bytes, h.source+assumed, loc, limit, fix, "")
}

// reportHeapShare reports a heap above the plan's share of the memory
// limit, at loc, with the limit as related information. fix is an -Xmx
// flag written in the manifest that the suggested fix may rewrite; how
// says where to lower the heap when it is not an -Xmx ("in ES_JAVA_OPTS").
func (c *checker) reportHeapShare(w *manifest.Workload, heapBytes int64, source string, loc manifest.Loc,
	limit *manifest.Quantity, fix *manifest.Flag, how string) {
	ratio := float64(heapBytes) / float64(limit.Bytes)
	if ratio <= c.ratio+1e-9 || !loc.Valid() {
		return
	}
	maxHeap := int64(math.Floor(float64(limit.Bytes)*c.ratio/(1<<20))) << 20
	var msg string
	if heapBytes >= limit.Bytes {
		msg = fmt.Sprintf("JVM heap of %s (%s from %s) is not below its memory limit %s: nothing is left for "+
			"native memory (%s) and the container will be OOM-killed under load; "+
			"the plan allows %s of the limit, -Xmx%s%s",
			w.Name, manifest.FormatBytes(heapBytes), source, manifest.FormatBytes(limit.Bytes), nativeUsers(w),
			pct(c.ratio), mebibytes(maxHeap), how)
	} else {
		msg = fmt.Sprintf("JVM heap of %s is %s (from %s), %s of its %s memory limit: the plan allows %s, and "+
			"only %s is left for native memory (%s); lower the heap to -Xmx%s%s or raise "+
			"the limit to %s", w.Name, manifest.FormatBytes(heapBytes), source, pct(ratio),
			manifest.FormatBytes(limit.Bytes), pct(c.ratio), manifest.FormatBytes(limit.Bytes-heapBytes),
			nativeUsers(w), mebibytes(maxHeap), how, manifest.FormatBytes(c.limitFor(heapBytes)))
	}
	d := acr.Diagnostic{Pos: loc.Pos(), End: loc.EndPos(), Category: RuleMemorySplit.ID, Message: msg}
	if limit.Value.Loc.Valid() && limit.Value.Loc != loc {
		d.Related = append(d.Related, acr.RelatedInformation{Pos: limit.Value.Loc.Pos(), End: limit.Value.Loc.EndPos(),
			Message: strings.TrimSuffix("memory limit "+limit.Value.Text+", "+limit.From, ", ")})
	}
	if fix != nil {
		d.SuggestedFixes = []acr.SuggestedFix{{
			Message:   fmt.Sprintf("set the heap to %s of the limit", pct(c.ratio)),
			TextEdits: []acr.TextEdit{{Pos: loc.Pos(), End: loc.EndPos(), NewText: []byte("-Xmx" + mebibytes(maxHeap))}},
		}}
	}
	c.reportDiag(d)
}

// commandInManifest reports whether a Compose file or Kubernetes manifest
// sets any part of the command.
func commandInManifest(l *manifest.Launch) bool {
	for _, a := range l.Argv {
		if a.Loc.File != nil && a.Loc.File.Kind != pass.Dockerfile {
			return true
		}
	}
	return false
}

// misusedOptions reports whether the command passes a JVM options variable
// in a way PHY102 reports (Compose interpolation, no shell): that finding
// explains the missing heap, so an unsized heap is not reported as well.
func misusedOptions(w *manifest.Workload) bool {
	for _, lit := range w.Launch.Literal {
		if isJVMOptionsVar(lit.Name) {
			return true
		}
	}
	if w.Platform == manifest.Compose {
		for _, a := range w.Launch.Argv {
			for _, r := range a.Refs {
				if isJVMOptionsVar(r.Name) {
					return true
				}
			}
		}
	}
	return false
}

// mebibytes writes a size as a JVM size in whole MiB, or GiB when exact.
func mebibytes(n int64) string {
	if n%(1<<30) == 0 {
		return strconv.FormatInt(n>>30, 10) + "g"
	}
	return strconv.FormatInt(n>>20, 10) + "m"
}

// checkFlagSizes reports -Xmx and -Xms sizes the JVM refuses or reads as
// bytes.
func (c *checker) checkFlagSizes(w *manifest.Workload) {
	flags, _ := jvmFlags(w)
	for _, hf := range flags {
		f := hf.flag
		if (w.Platform != manifest.Docker && inDockerfile(f.Loc)) || len(hf.flag.Unresolved) > 0 {
			continue
		}
		s, ok := heapSizeFlag(f.Text)
		if !ok {
			s, ok = strings.CutPrefix(f.Text, "-Xms")
		}
		if !ok || strings.Contains(s, "$") {
			continue
		}
		n, err := manifest.ParseJVMSize(s)
		switch {
		case err != nil:
			c.report(RuleMemorySize, f.Loc, "%s is not a valid JVM size: the JVM refuses to start; "+
				"write digits and one unit k, m or g, as in -Xmx4g", f.Text)
		case n < 2<<20 && s != "" && s[len(s)-1] >= '0' && s[len(s)-1] <= '9':
			c.report(RuleMemorySize, f.Loc, "%s is %d bytes: the JVM reads a size without unit as bytes and refuses "+
				"a heap this small; write %sm or %sg", f.Text, n, f.Text, f.Text)
		}
	}
}

// checkSizes reports memory sizes that are unreadable, depend on unset
// variables, or are written in the wrong unit.
func (c *checker) checkSizes(w *manifest.Workload) {
	request := "memory reservation"
	if w.Platform == manifest.Kubernetes {
		request = "memory request"
	}
	for _, q := range []struct {
		q    *manifest.Quantity
		what string
	}{{w.MemLimit, "memory limit"}, {w.MemLimitDeploy, "memory limit"}, {w.MemRequest, request}} {
		if q.q == nil || q.q.Value == nil || noLimit(q.q) {
			continue
		}
		v := q.q.Value
		if owner, ok := strings.CutPrefix(q.q.From, manifest.LimitRangeFrom); ok {
			// A LimitRange default is reported once, at the LimitRange, for
			// whichever container reads it.
			w = &manifest.Workload{Platform: w.Platform, Name: "LimitRange " + owner}
			q.what = "default " + q.what
		} else if owner, ok := strings.CutPrefix(q.q.From, manifest.PodLimitFrom); ok {
			w = &manifest.Workload{Platform: w.Platform, Name: owner}
			q.what = "pod-level " + q.what
		}
		switch {
		case q.q.Err != "" && strings.HasPrefix(q.q.Err, "depends on"):
			if !isJVM(w) {
				continue // only a JVM's heap is checked against the limit
			}
			c.report(RuleMemorySize, v.Loc, "%s %s of %s %s: acr cannot check the heap against it; set it in the project's .env",
				q.what, v.Raw, w.Name, q.q.Err)
		case q.q.Err != "":
			c.report(RuleMemorySize, v.Loc, "%s of %s: %s", q.what, w.Name, q.q.Err)
		case w.Platform == manifest.Kubernetes && strings.HasSuffix(v.Text, "m"):
			c.report(RuleMemorySize, v.Loc, "%s %s of %s is %s: Kubernetes reads m as milli, not mega; write %sMi",
				q.what, v.Text, w.Name, bytesPhrase(q.q.Bytes), strings.TrimSuffix(v.Text, "m"))
		case w.Platform == manifest.Compose && q.q.Bytes < 6<<20 && isDigits(v.Text):
			c.report(RuleMemorySize, v.Loc, "%s %s of %s is %s: Compose reads a number without unit as bytes "+
				"(Docker's minimum is 6m); write %sm or %sg", q.what, v.Text, w.Name, bytesPhrase(q.q.Bytes), v.Text, v.Text)
		case q.q.Bytes < 4<<20:
			c.report(RuleMemorySize, v.Loc, "%s %s of %s is only %s: no container runs in that; check the unit",
				q.what, v.Text, w.Name, bytesPhrase(q.q.Bytes))
		}
	}
}

func bytesPhrase(n int64) string {
	if n == 1 {
		return "1 byte"
	}
	if n < 1<<10 {
		return strconv.FormatInt(n, 10) + " bytes"
	}
	return manifest.FormatBytes(n)
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// checkJavaOpts reports JAVA_OPTS that no JVM reads and $JAVA_OPTS that
// Compose or nobody expands.
func (c *checker) checkJavaOpts(w *manifest.Workload) {
	if img := imageJVM(w); img != nil {
		c.checkImageJavaOpts(w, img)
	}
	l := w.Launch
	if l == nil {
		return
	}
	if e, ok := w.Getenv(javaOpts); ok && e.Value != nil && strings.TrimSpace(e.Value.Text) != "" &&
		l.Known && l.Java && !l.ExpandsVar(javaOpts) && !composeRefers(w, javaOpts) {
		// A Dockerfile's own ENV and command are the Dockerfile
		// workload's to report, once.
		fromImage := e.Source == "Dockerfile ENV" && !commandInManifest(l)
		if w.Platform == manifest.Docker || !fromImage {
			loc := e.Loc
			if !loc.Valid() {
				loc = e.Value.Loc
			}
			c.report(RuleJavaOpts, loc, "JAVA_OPTS of %s is read by no JVM: the container runs java (%s) without "+
				"expanding $JAVA_OPTS, so %q is ignored; put the flags in JAVA_TOOL_OPTIONS, which the JVM reads itself",
				w.Name, l.From, strings.TrimSpace(e.Value.Text))
		}
	}
	if w.Platform == manifest.Compose && isJVM(w) {
		for _, a := range l.Argv {
			for _, ref := range a.Refs {
				state, ok := interpolationMismatch(w, ref)
				if !ok {
					continue
				}
				loc := a.Sub(ref.Start, ref.End)
				d := acr.Diagnostic{Pos: loc.Pos(), End: loc.EndPos(), Category: RuleJavaOpts.ID, Message: fmt.Sprintf(
					"Compose replaces $%s in the command of %s with the host's value when it reads the file (%s), "+
						"not with the container's variable; write $$%s so the container's shell expands it",
					ref.Name, w.Name, state, ref.Name)}
				if loc.End-loc.Start == ref.End-ref.Start && loc.Valid() {
					d.SuggestedFixes = []acr.SuggestedFix{{Message: "escape the $ for Compose",
						TextEdits: []acr.TextEdit{{Pos: loc.Pos(), End: loc.Pos(), NewText: []byte("$")}}}}
				}
				if loc.Valid() {
					c.reportDiag(d)
				}
			}
		}
	}
	for _, lit := range l.Literal {
		if !isJVMOptionsVar(lit.Name) {
			if _, ok := w.Getenv(lit.Name); !ok {
				continue
			}
		}
		if w.Platform != manifest.Docker && inDockerfile(lit.Loc) {
			continue
		}
		c.report(RuleJavaOpts, lit.Loc, "java of %s receives the literal text $%s: the command runs without a shell, "+
			"so nothing expands the variable; run it through sh -c or put the flags in JAVA_TOOL_OPTIONS", w.Name, lit.Name)
	}
}

// interpolationMismatch says how Compose's substitution of a reference in
// a JVM's command differs from the container's own variable: unset on the
// host (the flags vanish), or another value than the container gets. A
// reference to a variable that is neither JVM options nor in the
// container's environment is plain Compose configuration, and so is one
// whose substitution equals the container's value (the same default in
// both places).
func interpolationMismatch(w *manifest.Workload, ref manifest.VarRef) (string, bool) {
	e, inEnv := w.Getenv(ref.Name)
	if !inEnv && !isJVMOptionsVar(ref.Name) {
		return "", false
	}
	if !ref.Set && !ref.Defaulted {
		return "it is unset there, so it becomes an empty string", true
	}
	if !inEnv || e.Value == nil || !e.Value.Known() || strings.TrimSpace(e.Value.Text) == strings.TrimSpace(ref.Value) {
		return "", false
	}
	from := "the project's .env sets it to"
	if ref.Defaulted {
		from = "its default is"
	}
	return fmt.Sprintf("%s %q while the container's %s is %q", from, ref.Value, ref.Name, e.Value.Text), true
}

// composeRefers reports whether a Compose command refers to the variable
// through Compose's interpolation: the flags reach java that way, and any
// difference from the container's value is reported there.
func composeRefers(w *manifest.Workload, name string) bool {
	if w.Platform != manifest.Compose {
		return false
	}
	for _, a := range w.Launch.Argv {
		for _, r := range a.Refs {
			if r.Name == name {
				return true
			}
		}
	}
	return false
}

// nativeUsers names what uses a JVM's native memory beside the heap: H2O's
// XGBoost first, for the plan's H2O containers.
func nativeUsers(w *manifest.Workload) string {
	if isH2O(w) {
		return "XGBoost, threads, metaspace"
	}
	return "threads, metaspace, direct buffers"
}

// isH2O reports whether a workload runs H2O: an h2oai image or an h2o.jar
// on its command line.
func isH2O(w *manifest.Workload) bool {
	if w.HasImagePrefix("h2oai/") {
		return true
	}
	if w.Launch != nil {
		for _, a := range w.Launch.Argv {
			if strings.Contains(a.Text, "h2o.jar") || strings.Contains(a.Text, "water.H2OApp") {
				return true
			}
		}
	}
	return false
}

// limitFor returns the smallest memory limit, in whole MiB, of which a heap
// is at most the plan's share.
func (c *checker) limitFor(heap int64) int64 {
	return int64(math.Ceil(float64(heap)/c.ratio/(1<<20))) << 20
}
