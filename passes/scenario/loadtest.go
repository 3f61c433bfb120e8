package scenario

import (
	"path"
	"regexp"
	"strings"

	"github.com/acrvet/acr/pass"
	"github.com/acrvet/acr/pass/python"
	"github.com/acrvet/acr/passes/pyindex"
)

var (
	// k6ImportRE finds the import of k6's HTTP module in a k6 script.
	k6ImportRE = regexp.MustCompile(`(from\s+|require\(\s*)['"]k6/http['"]`)
	// loadCommandRE finds a locust or k6 run in a script or CI file.
	loadCommandRE = regexp.MustCompile(`(?m)(^|[\s;&|(\x60"'])(locust|k6\s+run)\b`)
	// swapCallRE matches calls and helpers that swap the serving model.
	swapCallRE = regexp.MustCompile(`(?i)swap|reload|promote|rollout|activate|deploy_model|publish_model|update_model`)
	// swapTextRE matches a model swap in a script, a CI file or a k6
	// script: a reload or swap endpoint, a promotion, a new MOJO copied in.
	swapTextRE = regexp.MustCompile(`(?i)reload|swap|promote|rollout|activate|\b(cp|mv|ln)\b[^\n]*\.(zip|mojo)\b`)
	// no5xxRE matches an assertion that no request failed.
	no5xxRE = regexp.MustCompile(`(?i)fail_ratio|num_failures|failures|errors?\b|\b5\d\d\b|5xx|server_error|status_code|returncode|exit_code`)
	// no5xxWordRE is no5xxRE without the bare status number, which in an
	// assertion about latency (avg_response_time < 500) is milliseconds.
	no5xxWordRE = regexp.MustCompile(`(?i)fail_ratio|num_failures|failures|errors?\b|5xx|server_error|status_code|returncode|exit_code`)
	// no5xxK6RE is no5xxTextRE for a script that runs k6: a failure
	// threshold or a status check, not a shell's errexit.
	no5xxK6RE = regexp.MustCompile(`(?i)http_req_failed|\b5xx\b|status\s*(<|!==?|>=)\s*500`)
	// latencyRE matches what an assertion on latency mentions.
	latencyRE = regexp.MustCompile(`(?i)response_time|latency|duration|percentile|elapsed|\bp\(?9\d`)
	// no5xxTextRE matches the same in a script, a CI file or a k6 script:
	// locust's exit code on failures, a k6 failure threshold, a shell that
	// stops on a failing command.
	no5xxTextRE = regexp.MustCompile(`(?i)--exit-code-on-error|http_req_failed|fail_ratio|\b5xx\b|status\s*(<|!==?|>=)\s*500|set\s+-[a-z]*e|errexit|\|\|\s*exit`)
)

// scriptExts are the text files that can run a load test.
var scriptExts = map[string]bool{".sh": true, ".bash": true, ".zsh": true, ".ps1": true, ".mk": true, ".js": true, ".ts": true, ".mjs": true}

func isScript(f *pass.File) bool {
	base := strings.ToLower(path.Base(f.Path))
	if base == "makefile" || base == "justfile" || scriptExts[path.Ext(base)] {
		return true
	}
	c := f.Content()
	return len(c) > 2 && c[0] == '#' && c[1] == '!'
}

// evidenceAt is a place that is evidence, in any kind of file.
type evidenceAt struct {
	file       *pass.File
	start, end int
	what       string
}

func (s *state) checkSwap() {
	ids := []string{CritHotSwap, CritLoadTest, CritSwapUnderLoad, CritNo5xx}
	if hotswapMode == modeNever {
		for _, id := range ids {
			s.rec.row(id).Note = "the hotswap setting is never"
		}
		return
	}
	var mods []*serveModule
	for _, pf := range s.py {
		if s.isServing(pf) {
			sm := newServeModule(pf)
			sm.findLoads()
			mods = append(mods, sm)
		}
	}
	serves := s.checkHotSwap(mods)
	applies := serves || hotswapMode == modeAlways
	for _, id := range ids[1:] {
		row := s.rec.row(id)
		row.Applies = applies
		if !applies {
			row.Note = "the service and common trees keep no loaded model to serve"
		}
	}
	if !applies {
		return
	}

	var loadTests, runners, no5xx []evidenceAt
	for _, pf := range s.allPy() {
		if s.isServing(pf) {
			continue
		}
		loadTests = append(loadTests, locustUsers(pf)...)
		r, ok := pyRunner(pf)
		if r != nil {
			runners = append(runners, *r)
		}
		no5xx = append(no5xx, ok...)
	}
	for _, f := range s.texts {
		c := string(f.Content())
		if f.Kind == pass.Text && isScript(f) {
			if loc := findInCode(c, k6ImportRE, 0); loc != nil {
				loadTests = append(loadTests, evidenceAt{file: f, start: loc[0], end: loc[1], what: "k6 script"})
				if sw := findInCode(c, swapTextRE, 0); sw != nil {
					runners = append(runners, evidenceAt{file: f, start: sw[0], end: sw[1], what: "k6 script swaps the model while it runs"})
				}
				if t := findInCode(c, no5xxTextRE, 0); t != nil {
					no5xx = append(no5xx, evidenceAt{file: f, start: t[0], end: t[1], what: "k6 threshold or check on failed requests"})
				}
				continue
			}
		}
		if f.Kind == pass.Text && !isScript(f) {
			continue
		}
		loc := findInCode(c, loadCommandRE, 2)
		if loc == nil {
			continue
		}
		if sw := findInCode(c, swapTextRE, 0); sw != nil {
			runners = append(runners, evidenceAt{file: f, start: loc[0], end: loc[1], what: "runs " + c[loc[0]:loc[1]] + " and swaps the model"})
			failsOn := no5xxTextRE
			if strings.HasPrefix(c[loc[0]:loc[1]], "k6") {
				// k6 exits non-zero on a failed threshold only: set -e
				// stops the script on a failed run, not on failed requests.
				failsOn = no5xxK6RE
			}
			if t := findInCode(c, failsOn, 0); t != nil {
				no5xx = append(no5xx, evidenceAt{file: f, start: t[0], end: t[1], what: "fails on failed requests: " + c[t[0]:t[1]]})
			}
		}
	}

	for _, e := range loadTests {
		s.rec.found(CritLoadTest, e.file, e.start, e.what)
	}
	for _, e := range runners {
		s.rec.found(CritSwapUnderLoad, e.file, e.start, e.what)
	}
	for _, e := range no5xx {
		s.rec.found(CritNo5xx, e.file, e.start, e.what)
	}

	anchor, aStart, aEnd := s.swapAnchor(mods)
	if len(loadTests) == 0 {
		s.rec.gap(CritLoadTest, anchor, aStart, aEnd,
			"no load test exercises the service: add a locust HttpUser (or a k6 script) that calls the scoring endpoint, "+
				"so a model swap can be tested under load")
	}
	if len(runners) == 0 {
		at, start, end := anchor, aStart, aEnd
		subject := "no test or script runs a load test"
		if len(loadTests) > 0 {
			lt := loadTests[0]
			at, start, end = lt.file, lt.start, lt.end
			subject = "load test " + lt.what + " never runs"
		}
		s.rec.gap(CritSwapUnderLoad, at, start, end,
			"%s while the model is swapped: start the load (locust Environment, locust --headless, k6 run), swap the MOJO "+
				"mid-run (reload endpoint or new artifact) and stop the load after", subject)
	}
	if len(no5xx) == 0 {
		at, start, end := anchor, aStart, aEnd
		subject := "nothing asserts"
		if len(runners) > 0 {
			r := runners[0]
			at, start, end = r.file, r.start, r.end
			subject = "load runs during the model swap but nothing asserts"
		}
		s.rec.gap(CritNo5xx, at, start, end,
			"%s that no request failed during the swap: assert env.stats.total.num_failures == 0 (or a fail ratio of 0), "+
				"check the locust exit code, or set a k6 http_req_failed threshold of rate==0", subject)
	}
}

// findInCode returns the byte range of the first match of re (of its
// group-th subgroup, 0 for the whole match) on a line that is not a
// comment, or nil.
func findInCode(c string, re *regexp.Regexp, group int) []int {
	for off := 0; off < len(c); {
		end := strings.IndexByte(c[off:], '\n')
		if end < 0 {
			end = len(c)
		} else {
			end += off
		}
		line := c[off:end]
		trimmed := strings.TrimSpace(line)
		if !strings.HasPrefix(trimmed, "#") && !strings.HasPrefix(trimmed, "//") {
			if m := re.FindStringSubmatchIndex(line); m != nil && m[2*group] >= 0 {
				return []int{off + m[2*group], off + m[2*group+1]}
			}
		}
		off = end + 1
	}
	return nil
}

// swapAnchor returns where findings about a missing swap load test point:
// a test named for load or swaps, else the first test, else the first
// model load of the service; nil for the repository as a whole.
func (s *state) swapAnchor(mods []*serveModule) (*pass.File, int, int) {
	if f := s.testAnchor("load", "locust", "swap", "reload", "perf"); f != nil {
		return f, 0, 0
	}
	for _, sm := range mods {
		for _, ls := range sm.loads {
			return sm.pf.File, ls.call.Node.Start(), ls.call.Node.End()
		}
	}
	return nil, 0, 0
}

// locustUsers returns the locust user classes of a module.
func locustUsers(pf *pyFile) []evidenceAt {
	m := pf.Mod
	if m.Imported("locust") == nil {
		return nil
	}
	var out []evidenceAt
	for _, c := range m.Classes {
		for _, b := range c.Bases {
			base := pyindex.LastName(b.Text())
			if base == "HttpUser" || base == "FastHttpUser" {
				name := c.Node.ChildByField("name")
				if name == nil {
					name = c.Node
				}
				out = append(out, evidenceAt{file: pf.File, start: name.Start(), end: name.End(), what: "locust " + base + " " + c.Name})
				break
			}
		}
	}
	return out
}

// pyRunner returns the place a Python test or script starts a load test
// when the same file swaps the model, and the assertions of the file that
// no request failed.
func pyRunner(pf *pyFile) (*evidenceAt, []evidenceAt) {
	m := pf.Mod
	var start *pyindex.Call
	for _, c := range m.Calls {
		if startsLoad(m, c) {
			start = c
			break
		}
	}
	if start == nil {
		return nil, nil
	}
	var swap *python.Node
	for _, c := range m.Calls {
		if c == start {
			continue
		}
		if swapCallRE.MatchString(pyindex.LastName(callName(c))) || copiesArtifact(c) {
			swap = c.Node
			break
		}
		for _, a := range c.Args {
			if hit := anyString(a.Value, swapURLRE); hit != nil {
				swap = hit
				break
			}
		}
		if swap != nil {
			break
		}
	}
	if swap == nil {
		return nil, nil
	}
	r := &evidenceAt{file: pf.File, start: start.Node.Start(), end: start.Node.End(), what: "runs load (" + callName(start) + ") and swaps the model"}
	var ok []evidenceAt
	for _, a := range assertionsIn(m, m.Tree.Root()) {
		if assertsNoFailure(a.Text()) {
			ok = append(ok, evidenceAt{file: pf.File, start: a.Start(), end: a.End(), what: "asserts no failed request"})
		}
	}
	for _, c := range m.Calls {
		if isSubprocess(callName(c)) && loadWordRE.MatchString(argsText(c)) {
			if k := c.Keyword("check"); k != nil && k.Text() == "True" {
				ok = append(ok, evidenceAt{file: pf.File, start: c.Node.Start(), end: c.Node.End(), what: "checks the load test's exit code"})
			}
		}
	}
	return r, ok
}

var (
	swapURLRE  = regexp.MustCompile(`(?i)reload|swap|promote|activate|rollout|/models?/(load|update|deploy)`)
	loadWordRE = regexp.MustCompile(`\blocust\b|\bk6\b`)
)

// startsLoad reports whether c starts a load test: locust's Environment
// or runners, or a locust or k6 command.
func startsLoad(m *pyindex.Module, c *pyindex.Call) bool {
	name := callName(c)
	switch {
	case name == "locust.env.Environment" || name == "locust.Environment":
		return true
	case c.Method == "create_local_runner" || c.Method == "create_master_runner" || pyindex.LastName(name) == "run_single_user":
		return true
	case isSubprocess(name):
		return loadWordRE.MatchString(argsText(c))
	}
	return false
}

func isSubprocess(name string) bool {
	return strings.HasPrefix(name, "subprocess.") || name == "os.system" || name == "os.popen" ||
		strings.HasPrefix(name, "asyncio.create_subprocess")
}

func argsText(c *pyindex.Call) string {
	if a := c.Node.ChildByField("arguments"); a != nil {
		return a.Text()
	}
	return ""
}

// copiesArtifact reports a copy or move of a MOJO into place, which a
// watching service picks up as a swap.
func copiesArtifact(c *pyindex.Call) bool {
	switch callName(c) {
	case "shutil.copy", "shutil.copy2", "shutil.copyfile", "shutil.move", "os.replace", "os.rename":
		t := strings.ToLower(argsText(c))
		return strings.Contains(t, ".zip") || strings.Contains(t, "mojo")
	}
	return false
}

// assertsNoFailure reports whether an assertion's text checks failed
// requests: a failure count, a fail ratio, a 5xx status; a bound on
// latency (avg_response_time < 500) fails on slowness, not on errors.
func assertsNoFailure(text string) bool {
	if latencyRE.MatchString(text) {
		return no5xxWordRE.MatchString(text)
	}
	return no5xxRE.MatchString(text)
}
