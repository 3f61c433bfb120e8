package multichecker

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/checker"
	"github.com/acrvet/acr/output"
)

// MCPOptions configure the Model Context Protocol server of acrvet mcp.
type MCPOptions struct {
	// Progname names the tool in messages and in the server's identity.
	Progname string
	// Root is the repository the server reviews; every path a client
	// gives must stay inside it. Empty: the repository of the working
	// directory.
	Root string
	// AllowVerify lets review calls run verify mode, which executes the
	// repository's SQL on a PostgreSQL server and loads its MOJOs in a JVM.
	AllowVerify bool
}

// mcpServer serves one repository.
type mcpServer struct {
	opt       MCPOptions
	root      string // absolute, symlinks resolved
	analyzers []*acr.Analyzer
}

// mcpRuns serializes the calls that run passes, of every server of the
// process: the passes' settings are package variables, which a run sets
// from its repository's .acr.yaml and its arguments (base implies
// schemadrift.migrations=all) and puts back when it ends, so two runs at
// once would each see the other's.
var mcpRuns sync.Mutex

// mcpCmd runs acrvet mcp: the server over standard input and output.
func mcpCmd(ctx context.Context, progname string, stdin io.Reader, stdout, stderr io.Writer, analyzers []*acr.Analyzer, args []string) int {
	fs := flag.NewFlagSet(progname+" mcp", flag.ContinueOnError)
	fs.SetOutput(stderr)
	root := fs.String("root", "", "the repository to review (default: the repository of the working directory); clients cannot leave it")
	allowVerify := fs.Bool("allow-verify", false, "let review calls use verify mode, which runs the repository's SQL on PostgreSQL and loads its MOJOs with h2o-genmodel")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: %s mcp [-root DIR] [-allow-verify]\n\n"+
			"Serves acrvet to AI agents over the Model Context Protocol (JSON-RPC on standard input and\n"+
			"output). Tools: review, explain_rule, checklist, plan_alignment, preview_fix; resources:\n"+
			"acr://rules/{code} and acr://checklists/{view}. See docs/agents.md.\n\n", progname)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return ExitClean
		}
		return ExitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "%s mcp: unexpected argument %q\n", progname, fs.Arg(0))
		return ExitUsage
	}
	srv, err := NewMCPServer(MCPOptions{Progname: progname, Root: *root, AllowVerify: *allowVerify}, analyzers...)
	if err != nil {
		fmt.Fprintf(stderr, "%s mcp: %v\n", progname, err)
		return ExitError
	}
	in, ok := stdin.(io.ReadCloser)
	if !ok {
		in = io.NopCloser(stdin)
	}
	out, ok := stdout.(io.WriteCloser)
	if !ok {
		out = nopWriteCloser{stdout}
	}
	if err := srv.Run(ctx, &mcp.IOTransport{Reader: in, Writer: out}); err != nil && !errors.Is(err, context.Canceled) && !errors.Is(err, io.EOF) {
		fmt.Fprintf(stderr, "%s mcp: %v\n", progname, err)
		return ExitError
	}
	return ExitClean
}

type nopWriteCloser struct{ io.Writer }

func (nopWriteCloser) Close() error { return nil }

// NewMCPServer returns the Model Context Protocol server of acrvet mcp,
// ready to Run on a transport. It reviews with the same driver, cache and
// configuration as the command line. The calls that run passes take turns
// with those of every other server of the process, since the passes'
// settings are process-wide.
func NewMCPServer(opt MCPOptions, analyzers ...*acr.Analyzer) (*mcp.Server, error) {
	if err := acr.Validate(analyzers); err != nil {
		return nil, err
	}
	if opt.Progname == "" {
		opt.Progname = "acrvet"
	}
	root := opt.Root
	if root == "" {
		r, err := checker.FindRoot(".")
		if err != nil {
			return nil, err
		}
		root = r
	}
	root, err := filepath.Abs(root)
	if err == nil {
		root, err = filepath.EvalSymlinks(root)
	}
	if err != nil {
		return nil, fmt.Errorf("repository root: %v", err)
	}
	s := &mcpServer{opt: opt, root: root, analyzers: analyzers}
	srv := mcp.NewServer(&mcp.Implementation{Name: opt.Progname, Title: "acr, the Agentic Code Reviewer", Version: Version},
		&mcp.ServerOptions{Instructions: "acr reviews a Data & ML platform repository against its 4+1 architecture plan. " +
			"Call review for the findings (optionally only on lines changed since a base revision), explain_rule for a " +
			"rule's documentation, checklist for one view's acceptance criteria with their status, plan_alignment for the " +
			"whole Plan Alignment report, preview_fix for the diff of the suggested fixes (nothing is written)."})
	mcp.AddTool(srv, &mcp.Tool{Name: "review", Title: "Review the repository",
		Description: "Runs every pass (or the selected rules) over paths of the repository and returns the findings, " +
			"with the same fields as acrvet -json, and a summary per 4+1 view. With base, only findings on lines " +
			"changed since that git revision (a pull request's base)."}, s.review)
	mcp.AddTool(srv, &mcp.Tool{Name: "explain_rule", Title: "Explain a rule",
		Description: "Returns a rule's documentation (what it does, why, an example, what to use instead, fix safety), " +
			"by code (ASYNC101, SCHEMA104) or name (blocking-sleep)."}, s.explainRule)
	mcp.AddTool(srv, &mcp.Tool{Name: "checklist", Title: "A view's review checklist",
		Description: "Returns the plan's checklist for one 4+1 view (Logical, Process, Development, Physical, Scenario) " +
			"with each item's status on this repository: passed, failed or warned with its findings, not applicable, " +
			"missing, or manual."}, s.checklist)
	mcp.AddTool(srv, &mcp.Tool{Name: "plan_alignment", Title: "The Plan Alignment report",
		Description: "Returns the Plan Alignment report as Markdown, the one acrvet -format markdown writes for a pull request comment."}, s.planAlignment)
	mcp.AddTool(srv, &mcp.Tool{Name: "preview_fix", Title: "Preview the suggested fixes",
		Description: "Returns the unified diff acrvet -fix -diff would apply for paths (optionally only some rules). " +
			"Nothing is written."}, s.previewFix)

	for _, id := range acr.SortedRuleIDs(acr.RuleIndex(analyzers)) {
		ref := acr.RuleIndex(analyzers)[id]
		srv.AddResource(&mcp.Resource{URI: "acr://rules/" + id, Name: id, Title: ref.Rule.Title, MIMEType: "text/markdown",
			Description: "documentation of " + id + " (" + ref.Rule.Name + ")"}, s.readRule)
	}
	srv.AddResourceTemplate(&mcp.ResourceTemplate{URITemplate: "acr://rules/{code}", Name: "rule", MIMEType: "text/markdown",
		Description: "a rule's documentation, by code or name"}, s.readRule)
	for _, v := range acr.Views {
		srv.AddResource(&mcp.Resource{URI: "acr://checklists/" + strings.ToLower(string(v)), Name: string(v) + " view checklist",
			MIMEType: "text/markdown", Description: "the plan's review checklist for the " + string(v) + " view"}, s.readChecklist)
	}
	return srv, nil
}

// A tool that fails returns an error: the SDK makes it a result with
// isError set and the message as its text, never a broken connection.

func textResult(s string) *mcp.CallToolResult {
	return &mcp.CallToolResult{Content: []mcp.Content{&mcp.TextContent{Text: s}}}
}

// guard waits for the process's other runs (mcpRuns) and turns a panic
// outside the passes (which the driver already recovers) into a tool
// error.
func (s *mcpServer) guard(err *error) func() {
	mcpRuns.Lock()
	return func() {
		if v := recover(); v != nil {
			*err = fmt.Errorf("internal error: %v", v)
		}
		mcpRuns.Unlock()
	}
}

// paths checks that each path stays inside the repository, through
// symlinks too, and returns them absolute; none means the repository.
func (s *mcpServer) paths(in []string) ([]string, error) {
	if len(in) == 0 {
		return []string{s.root}, nil
	}
	out := make([]string, 0, len(in))
	for _, p := range in {
		if p == "" {
			continue
		}
		recursive := strings.HasSuffix(p, "/...")
		p = strings.TrimSuffix(p, "/...")
		if p == "" {
			p = "."
		}
		abs := p
		if !filepath.IsAbs(abs) {
			abs = filepath.Join(s.root, p)
		}
		abs = filepath.Clean(abs)
		real, err := filepath.EvalSymlinks(abs)
		if err != nil {
			if errors.Is(err, os.ErrNotExist) {
				return nil, fmt.Errorf("%s: no such file or directory in the repository", p)
			}
			return nil, fmt.Errorf("%s: %v", p, err)
		}
		if rel, err := filepath.Rel(s.root, real); err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return nil, fmt.Errorf("%s: outside the repository %s: this server reviews only that repository", p, s.root)
		}
		if recursive {
			real += "/..."
		}
		out = append(out, real)
	}
	if len(out) == 0 {
		return []string{s.root}, nil
	}
	return out, nil
}

// run runs acrvet in-process with args over the paths a client gave,
// checked to stay in the repository, as the command line would, and
// returns its standard output. Exit codes 0 and 3 are success.
func (s *mcpServer) run(ctx context.Context, args []string, clientPaths []string) ([]byte, error) {
	paths, err := s.paths(clientPaths)
	if err != nil {
		return nil, err
	}
	var stdout, stderr bytes.Buffer
	code := RunContext(ctx, s.opt.Progname, append(args, paths...), &stdout, &stderr, s.analyzers...)
	if ctx.Err() != nil {
		return nil, fmt.Errorf("the call was cancelled")
	}
	if code != ExitClean && code != ExitFindings {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = fmt.Sprintf("%s exited %d", s.opt.Progname, code)
		}
		return nil, errors.New(msg)
	}
	return stdout.Bytes(), nil
}

type reviewIn struct {
	Paths  []string `json:"paths,omitempty" jsonschema:"files or directories of the repository, relative to its root (default: the whole repository)"`
	Base   string   `json:"base,omitempty" jsonschema:"a git revision: report only findings on lines changed since it, as acrvet -new-from-rev"`
	Select []string `json:"select,omitempty" jsonschema:"rule codes or code prefixes to report (ASYNC, SCHEMA104), as acrvet -select"`
	Ignore []string `json:"ignore,omitempty" jsonschema:"rule codes or code prefixes not to report, as acrvet -ignore"`
	Verify string   `json:"verify,omitempty" jsonschema:"engines that prove findings: postgres, genmodel or all; only when the server was started with -allow-verify"`
}

// reviewOut is acrvet -json's document plus a summary.
type reviewOut struct {
	Diagnostics []output.JSONDiagnostic `json:"diagnostics"`
	Errors      []string                `json:"errors"`
	Notes       []string                `json:"notes"`
	Summary     reviewSummary           `json:"summary"`
}

type reviewSummary struct {
	Findings   int            `json:"findings"`
	Files      int            `json:"files"`
	ByView     map[string]int `json:"by_view"`
	BySeverity map[string]int `json:"by_severity"`
}

func (s *mcpServer) review(ctx context.Context, _ *mcp.CallToolRequest, in reviewIn) (res *mcp.CallToolResult, out *reviewOut, err error) {
	defer s.guard(&err)()
	args := []string{"-json"}
	if len(in.Select) > 0 {
		args = append(args, "-select", strings.Join(in.Select, ","))
	}
	if len(in.Ignore) > 0 {
		args = append(args, "-ignore", strings.Join(in.Ignore, ","))
	}
	if in.Base != "" {
		if strings.HasPrefix(in.Base, "-") {
			return nil, nil, fmt.Errorf("base %q is not a revision", in.Base)
		}
		args = append(args, "-new-from-rev", in.Base)
	}
	if in.Verify != "" && in.Verify != "off" {
		if !s.opt.AllowVerify {
			return nil, nil, fmt.Errorf("verify mode runs the repository's SQL and loads its MOJOs: start the server with %s mcp -allow-verify to allow it", s.opt.Progname)
		}
		args = append(args, "-verify", in.Verify)
	}
	data, err := s.run(ctx, args, in.Paths)
	if err != nil {
		return nil, nil, err
	}
	var rep output.JSONReport
	if err := json.Unmarshal(data, &rep); err != nil {
		return nil, nil, fmt.Errorf("reading the findings: %v", err)
	}
	out = &reviewOut{Diagnostics: rep.Diagnostics, Errors: rep.Errors, Notes: rep.Notes,
		Summary: reviewSummary{ByView: map[string]int{}, BySeverity: map[string]int{}}}
	if out.Diagnostics == nil {
		out.Diagnostics = []output.JSONDiagnostic{}
	}
	files := map[string]bool{}
	for _, d := range rep.Diagnostics {
		out.Summary.Findings++
		files[d.Path] = true
		view := d.View
		if view == "" {
			view = "none"
		}
		out.Summary.ByView[view]++
		out.Summary.BySeverity[d.Severity]++
	}
	out.Summary.Files = len(files)
	var b strings.Builder
	fmt.Fprintf(&b, "%s in %s", plural(out.Summary.Findings, "finding"), plural(out.Summary.Files, "file"))
	if out.Summary.Findings > 0 {
		var parts []string
		for _, v := range acr.Views {
			if n := out.Summary.ByView[string(v)]; n > 0 {
				parts = append(parts, fmt.Sprintf("%s %d", v, n))
			}
		}
		fmt.Fprintf(&b, " (%s)", strings.Join(parts, ", "))
	}
	if len(rep.Errors) > 0 {
		fmt.Fprintf(&b, "; the run is incomplete: %s", strings.Join(rep.Errors, "; "))
	}
	return textResult(b.String()), out, nil
}

type explainIn struct {
	Rule string `json:"rule" jsonschema:"a rule code (ASYNC101) or name (blocking-sleep)"`
}

type explainOut struct {
	ID         string   `json:"id"`
	Name       string   `json:"name"`
	Title      string   `json:"title"`
	Pass       string   `json:"pass"`
	Severity   string   `json:"severity"`
	View       string   `json:"view,omitempty"`
	Story      string   `json:"story,omitempty"`
	What       string   `json:"what"`
	Why        string   `json:"why"`
	Example    string   `json:"example,omitempty"`
	UseInstead string   `json:"use_instead,omitempty"`
	FixSafety  string   `json:"fix_safety,omitempty"`
	Options    string   `json:"options,omitempty"`
	References []string `json:"references,omitempty"`
	Markdown   string   `json:"markdown"`
}

func (s *mcpServer) explainRule(_ context.Context, _ *mcp.CallToolRequest, in explainIn) (*mcp.CallToolResult, *explainOut, error) {
	refs, _ := findRules(acr.RuleIndex(s.analyzers), strings.TrimSpace(in.Rule))
	if len(refs) == 0 {
		return nil, nil, fmt.Errorf("unknown rule %q: call review for the codes in use, or read the acr://rules resources", in.Rule)
	}
	// A former code names every rule split from it: the first is its
	// successor, the others follow in the Markdown.
	ref := refs[0]
	var md bytes.Buffer
	for i, rf := range refs {
		if i > 0 {
			md.WriteString("\n---\n\n")
		}
		output.RuleDoc(&md, rf)
	}
	r := ref.Rule
	pass := "acr (driver)"
	if ref.Analyzer != nil {
		pass = ref.Analyzer.Name
	}
	out := &explainOut{ID: r.ID, Name: r.Name, Title: r.Title, Pass: pass, Severity: r.Severity.String(), View: string(r.View),
		Story: r.Story, What: r.What, Why: r.Why, Example: r.Example, UseInstead: r.UseInstead, FixSafety: r.FixSafety,
		Options: r.Options, References: r.References, Markdown: md.String()}
	return textResult(md.String()), out, nil
}

type checklistIn struct {
	View string `json:"view" jsonschema:"a 4+1 view: Logical, Process, Development, Physical or Scenario"`
}

type checklistItem struct {
	ID       string   `json:"id"`
	Story    string   `json:"story"`
	Text     string   `json:"text"`
	Status   string   `json:"status"`
	Rules    []string `json:"rules,omitempty"`
	Findings int      `json:"findings"`
	Note     string   `json:"note,omitempty"`
}

type checklistOut struct {
	View  string          `json:"view"`
	Items []checklistItem `json:"items"`
}

// view returns the view a client named, case-insensitively.
func view(name string) (acr.View, bool) {
	for _, v := range acr.Views {
		if strings.EqualFold(string(v), strings.TrimSpace(name)) || strings.EqualFold(string(v)+" view", strings.TrimSpace(name)) {
			return v, true
		}
	}
	return "", false
}

func (s *mcpServer) checklist(ctx context.Context, _ *mcp.CallToolRequest, in checklistIn) (res *mcp.CallToolResult, out *checklistOut, err error) {
	defer s.guard(&err)()
	v, ok := view(in.View)
	if !ok {
		return nil, nil, fmt.Errorf("unknown view %q (known: Logical, Process, Development, Physical, Scenario)", in.View)
	}
	al, err := s.align(ctx)
	if err != nil {
		return nil, nil, err
	}
	out = &checklistOut{View: string(v)}
	var b strings.Builder
	fmt.Fprintf(&b, "%s view checklist\n", v)
	for _, cr := range al.Criteria {
		if cr.Criterion.View != v {
			continue
		}
		_, status, _ := strings.Cut(cr.Status.Mark(), " ") // "✅ pass" -> "pass"
		if cr.Criterion.Manual != "" {
			status = "manual"
		}
		item := checklistItem{ID: cr.Criterion.ID, Story: cr.Criterion.Story, Text: cr.Criterion.Text, Status: status,
			Rules: cr.Rules, Findings: len(cr.Findings), Note: cr.Note}
		out.Items = append(out.Items, item)
		fmt.Fprintf(&b, "- [%s] %s %s", status, item.ID, item.Text)
		if item.Findings > 0 {
			fmt.Fprintf(&b, " (%s)", plural(item.Findings, "finding"))
		}
		b.WriteString("\n")
	}
	return textResult(b.String()), out, nil
}

// align runs every pass over the repository and judges the plan's
// criteria, with the command line's cache.
func (s *mcpServer) align(ctx context.Context) (*output.Alignment, error) {
	opts := checker.Options{Root: s.root, Known: s.analyzers, Context: ctx}
	if c, err := checker.DefaultCache(cacheVersion()); err == nil {
		opts.Cache = c
	}
	res, err := checker.Run([]string{s.root}, s.analyzers, opts)
	if err != nil {
		return nil, err
	}
	return output.Align(res, res.Findings, nil), nil
}

type pathsIn struct {
	Paths []string `json:"paths,omitempty" jsonschema:"files or directories of the repository, relative to its root (default: the whole repository)"`
}

type markdownOut struct {
	Markdown string `json:"markdown"`
}

func (s *mcpServer) planAlignment(ctx context.Context, _ *mcp.CallToolRequest, in pathsIn) (res *mcp.CallToolResult, out *markdownOut, err error) {
	defer s.guard(&err)()
	data, err := s.run(ctx, []string{"-format", "markdown"}, in.Paths)
	if err != nil {
		return nil, nil, err
	}
	out = &markdownOut{Markdown: string(data)}
	return textResult(out.Markdown), out, nil
}

type previewIn struct {
	Paths []string `json:"paths,omitempty" jsonschema:"files or directories of the repository, relative to its root (default: the whole repository)"`
	Rules []string `json:"rules,omitempty" jsonschema:"only the fixes of these rule codes or prefixes"`
}

type previewOut struct {
	Diff  string `json:"diff"`
	Files int    `json:"files"`
}

func (s *mcpServer) previewFix(ctx context.Context, _ *mcp.CallToolRequest, in previewIn) (res *mcp.CallToolResult, out *previewOut, err error) {
	defer s.guard(&err)()
	// -diff prints the fixes and writes nothing.
	args := []string{"-fix", "-diff"}
	if len(in.Rules) > 0 {
		args = append(args, "-select", strings.Join(in.Rules, ","))
	}
	data, err := s.run(ctx, args, in.Paths)
	if err != nil {
		return nil, nil, err
	}
	out = &previewOut{Diff: string(data)}
	out.Files = strings.Count(out.Diff, "\n+++ ")
	if strings.HasPrefix(out.Diff, "+++ ") {
		out.Files++
	}
	if out.Diff == "" {
		return textResult("no suggested fixes"), out, nil
	}
	return textResult(out.Diff), out, nil
}

// readRule serves acr://rules/{code}.
func (s *mcpServer) readRule(_ context.Context, req *mcp.ReadResourceRequest) (*mcp.ReadResourceResult, error) {
	u, err := url.Parse(req.Params.URI)
	if err != nil || u.Scheme != "acr" || u.Host != "rules" {
		return nil, mcp.ResourceNotFoundError(req.Params.URI)
	}
	refs, _ := findRules(acr.RuleIndex(s.analyzers), strings.Trim(u.Path, "/"))
	if len(refs) == 0 {
		return nil, mcp.ResourceNotFoundError(req.Params.URI)
	}
	var md bytes.Buffer
	for i, rf := range refs {
		if i > 0 {
			md.WriteString("\n---\n\n")
		}
		output.RuleDoc(&md, rf)
	}
	return &mcp.ReadResourceResult{Contents: []*mcp.ResourceContents{{URI: req.Params.URI, MIMEType: "text/markdown", Text: md.String()}}}, nil
}

// readChecklist serves acr://checklists/{view}: the plan's criteria of the
// view and the rules that check each.
func (s *mcpServer) readChecklist(_ context.Context, req *mcp.ReadResourceRequest) (*mcp.ReadResourceResult, error) {
	u, err := url.Parse(req.Params.URI)
	if err != nil || u.Host != "checklists" {
		return nil, mcp.ResourceNotFoundError(req.Params.URI)
	}
	v, ok := view(strings.Trim(u.Path, "/"))
	if !ok {
		return nil, mcp.ResourceNotFoundError(req.Params.URI)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# %s view review checklist\n\n", v)
	crits := append([]output.Criterion(nil), output.DefaultCatalog.Criteria...)
	sort.SliceStable(crits, func(i, j int) bool { return crits[i].Story < crits[j].Story })
	rules := output.MapRules(crits, acr.RuleIndex(s.analyzers)).Rules
	for _, c := range crits {
		if c.View != v {
			continue
		}
		fmt.Fprintf(&b, "- [ ] **%s** %s", c.ID, c.Text)
		if len(rules[c.ID]) > 0 {
			fmt.Fprintf(&b, " (checked by %s)", strings.Join(rules[c.ID], ", "))
		} else {
			b.WriteString(" (checked by hand)")
		}
		b.WriteString("\n")
	}
	return &mcp.ReadResourceResult{Contents: []*mcp.ResourceContents{{URI: req.Params.URI, MIMEType: "text/markdown", Text: b.String()}}}, nil
}
