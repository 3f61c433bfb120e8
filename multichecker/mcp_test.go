package multichecker_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/multichecker"
	"github.com/acrvet/acr/output"
	"github.com/acrvet/acr/pass"
	"github.com/acrvet/acr/passes/all"
)

// connect starts the server for root in-process and returns a client
// session on it.
func connect(t *testing.T, root string, allowVerify bool) *mcp.ClientSession {
	t.Helper()
	srv, err := multichecker.NewMCPServer(multichecker.MCPOptions{Progname: "acrvet", Root: root, AllowVerify: allowVerify}, all.Analyzers()...)
	require.NoError(t, err)
	return session(t, srv)
}

// connectWith starts a server for root with the analyzers given.
func connectWith(t *testing.T, root string, analyzers []*acr.Analyzer) *mcp.ClientSession {
	t.Helper()
	srv, err := multichecker.NewMCPServer(multichecker.MCPOptions{Progname: "acrvet", Root: root}, analyzers...)
	require.NoError(t, err)
	return session(t, srv)
}

// session connects a client to the server in-process.
func session(t *testing.T, srv *mcp.Server) *mcp.ClientSession {
	t.Helper()
	st, ct := mcp.NewInMemoryTransports()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	ss, err := srv.Connect(ctx, st, nil)
	require.NoError(t, err)
	t.Cleanup(func() { ss.Close() })
	client := mcp.NewClient(&mcp.Implementation{Name: "test", Version: "v0"}, nil)
	cs, err := client.Connect(ctx, ct, nil)
	require.NoError(t, err)
	t.Cleanup(func() { cs.Close() })
	return cs
}

func call(t *testing.T, cs *mcp.ClientSession, tool string, args map[string]any) *mcp.CallToolResult {
	t.Helper()
	res, err := cs.CallTool(context.Background(), &mcp.CallToolParams{Name: tool, Arguments: args})
	require.NoError(t, err, "a failed call is a tool result, never a protocol error")
	return res
}

func text(res *mcp.CallToolResult) string {
	var b strings.Builder
	for _, c := range res.Content {
		if tc, ok := c.(*mcp.TextContent); ok {
			b.WriteString(tc.Text)
		}
	}
	return b.String()
}

// isolatedCache gives the test its own user cache directory, so the pass
// cache starts cold and no other run's entries are read.
func isolatedCache(t *testing.T) {
	t.Helper()
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	t.Setenv("HOME", t.TempDir())
}

func examplePlatform(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("../examples/platform")
	require.NoError(t, err)
	return root
}

func TestMCPListsTheTools(t *testing.T) {
	cs := connect(t, examplePlatform(t), false)
	tools, err := cs.ListTools(context.Background(), nil)
	require.NoError(t, err)
	byName := map[string]*mcp.Tool{}
	for _, tool := range tools.Tools {
		byName[tool.Name] = tool
	}
	for _, name := range []string{"review", "explain_rule", "checklist", "plan_alignment", "preview_fix"} {
		tool := byName[name]
		if assert.NotNil(t, tool, name) {
			assert.NotEmpty(t, tool.Description, name)
			assert.NotNil(t, tool.InputSchema, name)
			assert.NotNil(t, tool.OutputSchema, name)
		}
	}
	schema, _ := json.Marshal(byName["review"].InputSchema)
	for _, field := range []string{"paths", "base", "select", "ignore", "verify"} {
		assert.Contains(t, string(schema), `"`+field+`"`)
	}
}

// TestMCPReviewEqualsJSON: review returns the diagnostics acrvet -json
// prints for the same tree.
func TestMCPReviewEqualsJSON(t *testing.T) {
	isolatedCache(t)
	root := examplePlatform(t)
	var stdout, stderr bytes.Buffer
	code := multichecker.Run("acrvet", []string{"-json", "-cache=off", root}, &stdout, &stderr, all.Analyzers()...)
	require.Equal(t, multichecker.ExitFindings, code, stderr.String())
	var want output.JSONReport
	require.NoError(t, json.Unmarshal(stdout.Bytes(), &want))

	cs := connect(t, root, false)
	res := call(t, cs, "review", nil)
	require.False(t, res.IsError, text(res))
	raw, err := json.Marshal(res.StructuredContent)
	require.NoError(t, err)
	var got struct {
		Diagnostics []output.JSONDiagnostic `json:"diagnostics"`
		Summary     struct {
			Findings int            `json:"findings"`
			ByView   map[string]int `json:"by_view"`
		} `json:"summary"`
	}
	require.NoError(t, json.Unmarshal(raw, &got))
	assert.Equal(t, want.Diagnostics, got.Diagnostics)
	assert.Equal(t, len(want.Diagnostics), got.Summary.Findings)
	assert.Contains(t, text(res), "findings")
	sum := 0
	for _, n := range got.Summary.ByView {
		sum += n
	}
	assert.Equal(t, got.Summary.Findings, sum)

	// select narrows like -select.
	res = call(t, cs, "review", map[string]any{"select": []string{"MOJO"}, "paths": []string{"models"}})
	require.False(t, res.IsError, text(res))
	raw, _ = json.Marshal(res.StructuredContent)
	require.NoError(t, json.Unmarshal(raw, &got))
	assert.NotEmpty(t, got.Diagnostics)
	for _, d := range got.Diagnostics {
		assert.True(t, strings.HasPrefix(d.Rule, "MOJO"), d.Rule)
	}
}

func TestMCPRefusesPathsOutsideTheRepository(t *testing.T) {
	repo := t.TempDir()
	outside := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(outside, "app.py"), []byte("import time\nasync def f():\n    time.sleep(1)\n"), 0o644))
	require.NoError(t, os.Symlink(outside, filepath.Join(repo, "escape")))
	require.NoError(t, os.WriteFile(filepath.Join(repo, "ok.py"), []byte("x = 1\n"), 0o644))
	cs := connect(t, repo, false)
	for _, p := range []string{"/etc", "..", "../" + filepath.Base(outside), "escape", "escape/app.py", "missing.py"} {
		res := call(t, cs, "review", map[string]any{"paths": []string{p}})
		assert.True(t, res.IsError, "%s: %s", p, text(res))
		res = call(t, cs, "preview_fix", map[string]any{"paths": []string{p}})
		assert.True(t, res.IsError, "%s: %s", p, text(res))
	}
	res := call(t, cs, "review", map[string]any{"paths": []string{"ok.py"}})
	assert.False(t, res.IsError, text(res))
	res = call(t, cs, "review", map[string]any{"base": "no-such-revision"})
	assert.True(t, res.IsError, text(res))
	res = call(t, cs, "review", map[string]any{"verify": "all"})
	assert.True(t, res.IsError, "verify needs -allow-verify")
	assert.Contains(t, text(res), "-allow-verify")
}

func TestMCPExplainsEveryRule(t *testing.T) {
	cs := connect(t, examplePlatform(t), false)
	for id, ref := range acr.RuleIndex(all.Analyzers()) {
		res := call(t, cs, "explain_rule", map[string]any{"rule": id})
		if !assert.False(t, res.IsError, id) {
			continue
		}
		assert.Contains(t, text(res), id)
		assert.Contains(t, text(res), "## What it does")
		raw, _ := json.Marshal(res.StructuredContent)
		var doc struct{ ID, Why string }
		require.NoError(t, json.Unmarshal(raw, &doc))
		assert.Equal(t, id, doc.ID)
		assert.Equal(t, ref.Rule.Why, doc.Why)
		rd, err := cs.ReadResource(context.Background(), &mcp.ReadResourceParams{URI: "acr://rules/" + id})
		if assert.NoError(t, err, id) {
			assert.Contains(t, rd.Contents[0].Text, id)
		}
	}
	res := call(t, cs, "explain_rule", map[string]any{"rule": "blocking-sleep-typo"})
	assert.True(t, res.IsError)
}

func TestMCPChecklistAndReport(t *testing.T) {
	isolatedCache(t)
	cs := connect(t, examplePlatform(t), false)
	for _, v := range acr.Views {
		res := call(t, cs, "checklist", map[string]any{"view": strings.ToLower(string(v))})
		require.False(t, res.IsError, text(res))
		raw, _ := json.Marshal(res.StructuredContent)
		var out struct {
			Items []struct{ ID, Status string } `json:"items"`
		}
		require.NoError(t, json.Unmarshal(raw, &out))
		assert.NotEmpty(t, out.Items, v)
		rd, err := cs.ReadResource(context.Background(), &mcp.ReadResourceParams{URI: "acr://checklists/" + strings.ToLower(string(v))})
		require.NoError(t, err)
		assert.Contains(t, rd.Contents[0].Text, string(v))
	}
	assert.True(t, call(t, cs, "checklist", map[string]any{"view": "Deployment"}).IsError)
	res := call(t, cs, "plan_alignment", nil)
	require.False(t, res.IsError, text(res))
	assert.Contains(t, text(res), output.ReportMarker)
}

// TestMCPPreviewFixWritesNothing: the diff is the one -fix -diff prints,
// and no file changes.
func TestMCPPreviewFixWritesNothing(t *testing.T) {
	isolatedCache(t)
	repo := t.TempDir()
	src := "import time\n\nfrom fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get(\"/\")\nasync def handler():\n    time.sleep(1)\n"
	path := filepath.Join(repo, "app.py")
	require.NoError(t, os.WriteFile(path, []byte(src), 0o644))
	before, _ := os.Stat(path)
	cs := connect(t, repo, false)
	res := call(t, cs, "preview_fix", nil)
	require.False(t, res.IsError, text(res))
	raw, _ := json.Marshal(res.StructuredContent)
	var out struct {
		Diff  string `json:"diff"`
		Files int    `json:"files"`
	}
	require.NoError(t, json.Unmarshal(raw, &out))
	assert.Contains(t, out.Diff, "asyncio.sleep")
	assert.Equal(t, 1, out.Files)
	after, _ := os.Stat(path)
	data, _ := os.ReadFile(path)
	assert.Equal(t, src, string(data))
	assert.Equal(t, before.ModTime(), after.ModTime())
}

// TestMCPCancelStopsTheRun: a call whose context ends returns promptly.
func TestMCPCancelStopsTheRun(t *testing.T) {
	isolatedCache(t)
	repo := t.TempDir()
	var body strings.Builder
	for i := range 4000 {
		body.WriteString("async def handler_" + strings.Repeat("x", 3) + "_" + strconv.Itoa(i) + "():\n    time.sleep(1)\n\n")
	}
	for i := range 8 {
		require.NoError(t, os.WriteFile(filepath.Join(repo, "mod"+strconv.Itoa(i)+".py"), []byte("import time\n"+body.String()), 0o644))
	}
	cs := connect(t, repo, false)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	res, err := cs.CallTool(ctx, &mcp.CallToolParams{Name: "review", Arguments: map[string]any{}})
	elapsed := time.Since(start)
	if err == nil {
		assert.True(t, res.IsError, "a cancelled review reports an error, got %s", text(res))
	}
	assert.Less(t, elapsed, 5*time.Second)
	// The server goes on serving.
	res = call(t, cs, "explain_rule", map[string]any{"rule": "ASYNC101"})
	assert.False(t, res.IsError)
}

// TestMCPOverStdio drives acrvet mcp over a real pipe: this test binary
// runs the server when ACR_MCP_CHILD is set.
func TestMCPOverStdio(t *testing.T) {
	if os.Getenv("ACR_MCP_CHILD") != "" {
		os.Exit(multichecker.Run("acrvet", []string{"mcp", "-root", os.Getenv("ACR_MCP_CHILD")}, os.Stdout, os.Stderr, all.Analyzers()...))
	}
	isolatedCache(t)
	cmd := exec.Command(os.Args[0], "-test.run=^TestMCPOverStdio$")
	cmd.Env = append(os.Environ(), "ACR_MCP_CHILD="+examplePlatform(t))
	client := mcp.NewClient(&mcp.Implementation{Name: "test", Version: "v0"}, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cs, err := client.Connect(ctx, &mcp.CommandTransport{Command: cmd}, nil)
	require.NoError(t, err)
	defer cs.Close()
	assert.Equal(t, "acrvet", cs.InitializeResult().ServerInfo.Name)
	tools, err := cs.ListTools(ctx, nil)
	require.NoError(t, err)
	assert.Len(t, tools.Tools, 5)
	res, err := cs.CallTool(ctx, &mcp.CallToolParams{Name: "review", Arguments: map[string]any{"select": []string{"MOJO3"}}})
	require.NoError(t, err)
	require.False(t, res.IsError, text(res))
	assert.Contains(t, text(res), "finding")
}

// TestMCPWarmReviewIsFast: a second review of an unchanged tree is served
// from the pass cache in under a tenth of the first. The tree is a service
// of 200 modules, so the first review's parsing dominates as it does on a
// real repository.
func TestMCPWarmReviewIsFast(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and reviews a 200-module service")
	}
	isolatedCache(t)
	repo := t.TempDir()
	for i := range 200 {
		var mod strings.Builder
		mod.WriteString("import json\nimport time\n\nfrom fastapi import APIRouter\n\nrouter = APIRouter()\n\n")
		for j := range 60 {
			n := strconv.Itoa(j)
			slow := "        data[\"slow\"] = True\n"
			if j == 0 { // one blocking call per module, as a real service might have
				slow = "        time.sleep(0.1)\n"
			}
			mod.WriteString("\n@router.get(\"/items/" + n + "\")\nasync def item_" + n + "(q: str):\n    data = json.loads(q)\n" +
				"    for k, v in data.items():\n        data[k] = str(v).strip()\n    if data.get(\"slow\"):\n" + slow +
				"    return {\"n\": " + n + ", \"data\": data}\n")
		}
		dir := filepath.Join(repo, "app", "routes"+strconv.Itoa(i%10))
		require.NoError(t, os.MkdirAll(dir, 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(dir, "r"+strconv.Itoa(i)+".py"), []byte(mod.String()), 0o644))
	}
	// Files modified within the cache's racy window are read again on
	// the next run, as git does; a real tree is older than that.
	old := time.Now().Add(-time.Minute)
	require.NoError(t, filepath.WalkDir(repo, func(p string, d os.DirEntry, err error) error {
		if err == nil {
			err = os.Chtimes(p, old, old)
		}
		return err
	}))
	cs := connect(t, repo, false)
	start := time.Now()
	require.False(t, call(t, cs, "review", nil).IsError)
	cold := time.Since(start)
	var warm time.Duration
	for range 3 { // the best of three: the machine is shared
		start = time.Now()
		require.False(t, call(t, cs, "review", nil).IsError)
		if d := time.Since(start); warm == 0 || d < warm {
			warm = d
		}
	}
	t.Logf("cold %s, warm %s (%.1f%%)", cold, warm, 100*float64(warm)/float64(cold))
	assert.Less(t, float64(warm), 0.10*float64(cold), "cold %s, warm %s", cold, warm)
}

// BenchmarkMCPReview measures review calls on the example platform with
// a warm pass cache.
func BenchmarkMCPReview(b *testing.B) {
	b.Setenv("XDG_CACHE_HOME", b.TempDir())
	root, _ := filepath.Abs("../examples/platform")
	srv, err := multichecker.NewMCPServer(multichecker.MCPOptions{Root: root}, all.Analyzers()...)
	require.NoError(b, err)
	st, ct := mcp.NewInMemoryTransports()
	ctx := context.Background()
	ss, err := srv.Connect(ctx, st, nil)
	require.NoError(b, err)
	defer ss.Close()
	cs, err := mcp.NewClient(&mcp.Implementation{Name: "bench"}, nil).Connect(ctx, ct, nil)
	require.NoError(b, err)
	defer cs.Close()
	for b.Loop() {
		if _, err := cs.CallTool(ctx, &mcp.CallToolParams{Name: "review", Arguments: map[string]any{}}); err != nil {
			b.Fatal(err)
		}
	}
}

// probeRule is reported by the probe pass of TestMCPRunsDoNotShareSettings.
var probeRule = &acr.Rule{ID: "PROBE001", Name: "probe", Title: "probe", Severity: acr.SeverityNote, View: acr.Development,
	What: "Reports the probe setting, read at the start and at the end of the pass.", Why: "A test rule."}

// probe reads its setting twice, a while apart, and reports both values:
// a run whose setting another run changed in between reports two.
func probe() *acr.Analyzer {
	var mode string
	a := &acr.Analyzer{
		Name: "probe", Doc: "report the probe setting", Kinds: []pass.Kind{pass.SQL}, Rules: []*acr.Rule{probeRule},
		Run: func(p *acr.Pass) (any, error) {
			first := mode
			time.Sleep(50 * time.Millisecond)
			if len(p.Files) > 0 {
				f := p.Files[0]
				p.Report(acr.Diagnostic{Pos: f.Pos(0), End: f.Pos(1), Category: probeRule.ID, Message: first + "/" + mode})
			}
			return nil, nil
		},
	}
	a.Flags.StringVar(&mode, "mode", "default", "a value to report")
	return a
}

// TestMCPRunsDoNotShareSettings: the passes' settings are package state,
// so the runs of every server of a process take turns; two servers whose
// repositories configure a pass differently, called at the same time,
// each review with their own configuration, as does one server called
// with and without a base revision (which implies
// schemadrift.migrations=all) at the same time.
func TestMCPRunsDoNotShareSettings(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	t.Setenv("GIT_CONFIG_GLOBAL", os.DevNull)
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	migrations := map[string]string{
		"db/migration/V1__init.sql":  "CREATE TABLE events (id bigint PRIMARY KEY, kind text, account_id bigint);\n",
		"db/migration/V2__kind.sql":  "CREATE INDEX events_kind ON events (kind);\n",
		"db/migration/V3__other.sql": "CREATE INDEX events_account ON events (account_id);\n",
	}
	repo := func(config string) string {
		files := map[string]string{".acr.yaml": config}
		for p, c := range migrations {
			files[p] = c
		}
		return tree(t, files)
	}
	// locking: all reports every build without CONCURRENTLY as a warning,
	// in every migration; large-tables reports one on a table nothing shows
	// to be large as a note, in the newest migration only.
	strict := repo("settings:\n  schemadrift:\n    locking: all\n  probe:\n    mode: strict\n")
	lenient := repo("settings:\n  schemadrift:\n    locking: large-tables\n  probe:\n    mode: lenient\n")
	git(t, lenient, "init", "-q")
	git(t, lenient, "add", ".")
	git(t, lenient, "commit", "-q", "-m", "base")
	require.NoError(t, os.WriteFile(filepath.Join(lenient, "db/migration/V4__more.sql"), []byte("CREATE INDEX events_kind_id ON events (kind, id);\n"), 0o644))

	// review returns "path severity" of each SCHEMA401 finding, and the
	// probe's message.
	review := func(cs *mcp.ClientSession, args map[string]any) ([]string, error) {
		res, err := cs.CallTool(context.Background(), &mcp.CallToolParams{Name: "review", Arguments: args})
		if err != nil {
			return nil, err
		}
		if res.IsError {
			return nil, errors.New(text(res))
		}
		raw, _ := json.Marshal(res.StructuredContent)
		var out struct{ Diagnostics []output.JSONDiagnostic }
		if err := json.Unmarshal(raw, &out); err != nil {
			return nil, err
		}
		var got []string
		for _, d := range out.Diagnostics {
			switch d.Rule {
			case "SCHEMA401":
				got = append(got, d.Path+" "+d.Severity)
			case probeRule.ID:
				got = append(got, "probe "+d.Message)
			}
		}
		sort.Strings(got)
		return got, nil
	}
	analyzers := append(all.Analyzers(), probe())
	strictServer, lenientServer := connectWith(t, strict, analyzers), connectWith(t, lenient, analyzers)
	calls := []struct {
		cs   *mcp.ClientSession
		args map[string]any
		want []string
	}{
		{strictServer, map[string]any{"select": []string{"SCHEMA401", "PROBE"}},
			[]string{"db/migration/V2__kind.sql warning", "db/migration/V3__other.sql warning", "probe strict/strict"}},
		{lenientServer, map[string]any{"select": []string{"SCHEMA401", "PROBE"}}, []string{"db/migration/V4__more.sql note", "probe lenient/lenient"}},
		{lenientServer, map[string]any{"select": []string{"SCHEMA401", "PROBE"}, "base": "HEAD"}, []string{"db/migration/V4__more.sql note"}},
	}
	for round := range 3 {
		t.Setenv("XDG_CACHE_HOME", t.TempDir()) // each round runs the passes, not the cache
		got := make([][]string, len(calls))
		errs := make([]error, len(calls))
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i, c := range calls {
			wg.Go(func() {
				<-start
				got[i], errs[i] = review(c.cs, c.args)
			})
		}
		close(start)
		wg.Wait()
		for i, c := range calls {
			require.NoError(t, errs[i])
			assert.Equal(t, c.want, got[i], "round %d, call %d", round, i)
		}
	}
}
