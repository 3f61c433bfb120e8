package all_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/checker"
	"github.com/acrvet/acr/config"
	"github.com/acrvet/acr/multichecker"
	"github.com/acrvet/acr/output"
	"github.com/acrvet/acr/passes/all"
	"github.com/acrvet/acr/passes/exposure"
)

// unsizedJVM has one finding of PHY106, split off from PHY101.
const unsizedJVM = `services:
  h2o:
    image: eclipse-temurin:21
    command: ["java", "-jar", "h2o.jar"]
    mem_limit: 8g
`

func reviewCompose(t *testing.T, compose string, cfg *config.Config) *checker.Result {
	t.Helper()
	root := writeRepo(t, map[string]string{"docker-compose.yml": compose})
	res, err := checker.Run([]string{root}, all.Analyzers(), checker.Options{Root: root, Config: cfg})
	require.NoError(t, err)
	return res
}

func rulesOf(fs []checker.Finding) []string {
	var ids []string
	for _, fd := range fs {
		ids = append(ids, fd.Rule.ID)
	}
	return ids
}

// TestFormerCodesStillSelect: a code split in two (PHY101 into PHY101,
// PHY105, PHY106, PHY107) still selects every part in the config, in
// acr:ignore directives and in baselines, with a note that it is old.
func TestFormerCodesStillSelect(t *testing.T) {
	res := reviewCompose(t, unsizedJVM, nil)
	require.Equal(t, []string{"PHY106"}, rulesOf(res.Findings))

	refs, byAlias := acr.Resolve(acr.RuleIndex(all.Analyzers()), "PHY101")
	assert.Len(t, refs, 4)
	assert.Len(t, byAlias, 3)

	cfg, err := config.Parse(".acr.yaml", []byte("disable: [PHY101]\n"))
	require.NoError(t, err)
	res = reviewCompose(t, unsizedJVM, cfg)
	assert.Empty(t, res.Findings, "disable: PHY101 disables the rules split off from it")
	assert.True(t, hasNote(res, "disable PHY101 selects PHY105, PHY106, PHY107 by a former code"), "%v", res.Notes)

	res = reviewCompose(t, "# acr:file-ignore PHY101 -- sized by the start script\n"+unsizedJVM, nil)
	assert.Empty(t, res.Findings)
	assert.Equal(t, []string{"PHY106"}, rulesOf(res.Suppressed))
	assert.True(t, hasNote(res, "acr:ignore PHY101 selects"), "%v", res.Notes)

	// A baseline written when the finding was PHY101 still accepts it.
	res = reviewCompose(t, unsizedJVM, nil)
	b := output.NewBaseline(res, res.Findings, "acrvet")
	require.Len(t, b.Findings, 1)
	old := *res
	old.Findings = append([]checker.Finding(nil), res.Findings...)
	former := *old.Findings[0].Rule
	former.ID = "PHY101"
	old.Findings[0].Rule = &former
	b = output.NewBaseline(&old, old.Findings, "acrvet")
	require.Equal(t, "PHY101", b.Findings[0].Rule)
	fresh, stale := b.Filter(res, res.Findings)
	assert.Empty(t, fresh, "the PHY101 entry matches the PHY106 finding")
	assert.Zero(t, stale)
}

func hasNote(res *checker.Result, s string) bool {
	for _, n := range res.Notes {
		if strings.Contains(n.String(), s) {
			return true
		}
	}
	return false
}

// TestHelpNamesTheRulesOfAFormerCode: acrvet help PHY101 prints the rules
// split off from it, saying the code is a former one.
func TestHelpNamesTheRulesOfAFormerCode(t *testing.T) {
	var out, errb bytes.Buffer
	code := multichecker.Run("acrvet", []string{"help", "PHY101"}, &out, &errb, all.Analyzers()...)
	require.Equal(t, multichecker.ExitClean, code, errb.String())
	assert.Contains(t, out.String(), "note: PHY101 is a former code or name of PHY105, PHY106, PHY107")
	for _, id := range []string{"PHY101", "PHY105", "PHY106", "PHY107"} {
		assert.Contains(t, out.String(), "# "+id+": ")
	}
}

// exposedRedis has one finding of PHY103, a rule of the memory pass before
// it moved to exposure.
const exposedRedis = `services:
  cache:
    image: redis:7
    ports: ["6379:6379"]
  app:
    image: example/app:1.0
    environment:
      REDIS_URL: redis://cache:6379/0
`

// TestFormerPassNamesStillSelect: a pass name whose rules moved to a pass
// named for their subject (memory to exposure and volumes, acr.Analyzer.
// Formerly) still selects them in .acr.yaml passes: and disable:, sets
// their settings, and covers them in acr:ignore, each with a note.
func TestFormerPassNamesStillSelect(t *testing.T) {
	res := reviewCompose(t, exposedRedis, nil)
	require.Equal(t, []string{"PHY103"}, rulesOf(res.Findings))
	assert.Equal(t, "exposure", res.Findings[0].Analyzer.Name)

	parse := func(yaml string) *config.Config {
		cfg, err := config.Parse(".acr.yaml", []byte(yaml))
		require.NoError(t, err)
		require.NoError(t, cfg.Check(all.Analyzers()))
		return cfg
	}
	res = reviewCompose(t, exposedRedis, parse("passes: [memory]\n"))
	assert.Equal(t, []string{"PHY103"}, rulesOf(res.Findings), "passes: [memory] still runs the rules memory had")
	assert.True(t, hasNote(res, "passes: memory also selects exposure and volumes"), "%v", res.Notes)

	res = reviewCompose(t, exposedRedis, parse("passes: [memory, exposure, volumes]\n"))
	assert.Equal(t, []string{"PHY103"}, rulesOf(res.Findings))
	assert.False(t, hasNote(res, "also selects"), "a list that names the new passes needs no note: %v", res.Notes)

	res = reviewCompose(t, exposedRedis, parse("disable: [memory]\n"))
	assert.Empty(t, res.Findings, "disable: [memory] still turns off the rules memory had")

	// The setting moved with its rule; the former name still sets it.
	defer func() { require.NoError(t, exposure.Analyzer.Flags.Set("allow-loopback", "true")) }()
	res = reviewCompose(t, strings.Replace(exposedRedis, `"6379:6379"`, `"127.0.0.1:6379:6379"`, 1), parse("settings:\n  memory: {allow-loopback: false}\n"))
	assert.Equal(t, []string{"PHY103"}, rulesOf(res.Findings), "settings.memory.allow-loopback sets exposure's setting")
	assert.True(t, hasNote(res, "settings: memory.allow-loopback is now exposure.allow-loopback"), "%v", res.Notes)
	require.NoError(t, exposure.Analyzer.Flags.Set("allow-loopback", "true"))

	res = reviewCompose(t, strings.Replace(exposedRedis, `ports: ["6379:6379"]`, `ports: ["6379:6379"]  # acr:ignore memory -- a local cache`, 1), nil)
	assert.Empty(t, res.Findings, "acr:ignore memory still covers PHY103")
	assert.Equal(t, []string{"PHY103"}, rulesOf(res.Suppressed))
	assert.True(t, hasNote(res, "acr:ignore memory covers PHY103 of pass exposure"), "%v", res.Notes)
}

// TestFormerPassFlags: on the command line, -memory still runs the rules
// memory had and -memory.allow-loopback still sets exposure's setting,
// each with a note on standard error.
func TestFormerPassFlags(t *testing.T) {
	root := writeRepo(t, map[string]string{"docker-compose.yml": strings.Replace(exposedRedis, `"6379:6379"`, `"127.0.0.1:6379:6379"`, 1)})
	t.Chdir(root)
	defer func() { require.NoError(t, exposure.Analyzer.Flags.Set("allow-loopback", "true")) }()
	var out, errb bytes.Buffer
	code := multichecker.Run("acrvet", []string{"-cache=off", "-memory", "-memory.allow-loopback=false", "."}, &out, &errb, all.Analyzers()...)
	assert.Equal(t, multichecker.ExitFindings, code, errb.String())
	assert.Contains(t, out.String(), "[PHY103]")
	assert.Contains(t, errb.String(), "note: -memory also runs exposure and volumes")
	assert.Contains(t, errb.String(), "note: -memory.allow-loopback is now -exposure.allow-loopback")
}

// TestRenumberedRulesKeepTheirCodes: LAYER101 (formerly MOJO701 of the
// mojo pass) is still selected by its former code, by a prefix of it, by
// the pass name mojo, and in acr:ignore, each with a note.
func TestRenumberedRulesKeepTheirCodes(t *testing.T) {
	layered := map[string]string{
		"src/service/app.py":       "from src.pipeline.train import fit\n",
		"src/pipeline/train.py":    "def fit():\n    pass\n",
		"src/pipeline/__init__.py": "",
	}
	run := func(files map[string]string, args ...string) (int, string, string) {
		t.Chdir(writeRepo(t, files))
		var out, errb bytes.Buffer
		code := multichecker.Run("acrvet", append(append([]string{"-cache=off"}, args...), "."), &out, &errb, all.Analyzers()...)
		return code, out.String(), errb.String()
	}
	for _, args := range [][]string{{"-select", "MOJO701"}, {"-select", "MOJO7"}, {"-mojo"}} {
		code, out, errb := run(layered, args...)
		assert.Equal(t, multichecker.ExitFindings, code, "%v: %s", args, errb)
		assert.Contains(t, out, "[LAYER101]", "%v", args)
		assert.Contains(t, errb, "note:", "%v", args)
	}
	code, out, errb := run(layered, "-ignore", "MOJO7")
	assert.NotContains(t, out, "[LAYER101]", errb)
	assert.Equal(t, multichecker.ExitClean, code, out)

	ignored := map[string]string{"src/service/app.py": "from src.pipeline.train import fit  # acr:ignore MOJO701 -- moving in PR 12\n",
		"src/pipeline/train.py": "def fit():\n    pass\n"}
	code, out, errb = run(ignored, "-v")
	assert.Equal(t, multichecker.ExitClean, code, out)
	assert.Contains(t, errb, "acr:ignore MOJO701 selects LAYER101 by a former code")
}

// TestMageRulesKeepTheirNames: MAGE101 and MAGE102 (SCHEMA301 and
// SCHEMA302 of schemadrift before v0.2.0) answer to their former codes,
// and passes: [schemadrift] still runs them.
func TestMageRulesKeepTheirNames(t *testing.T) {
	idx := acr.RuleIndex(all.Analyzers())
	for former, now := range map[string]string{"SCHEMA301": "MAGE101", "SCHEMA302": "MAGE102"} {
		refs, byAlias := acr.Resolve(idx, former)
		require.Len(t, refs, 1, former)
		assert.Equal(t, now, refs[0].Rule.ID)
		assert.Equal(t, "mage", refs[0].Analyzer.Name)
		assert.Len(t, byAlias, 1)
	}
	block := "from mage_ai.data_preparation.decorators import transformer\n\n\n@transformer\ndef clean(df, *args, **kwargs):\n    df.to_csv(\"/tmp/x.csv\")\n    return df\n"
	root := writeRepo(t, map[string]string{"pipeline/transformers/clean.py": block})
	cfg, err := config.Parse(".acr.yaml", []byte("passes: [schemadrift]\n"))
	require.NoError(t, err)
	res, err := checker.Run([]string{root}, all.Analyzers(), checker.Options{Root: root, Config: cfg})
	require.NoError(t, err)
	assert.Equal(t, []string{"MAGE102"}, rulesOf(res.Findings))
	assert.True(t, hasNote(res, "passes: schemadrift also selects mage"), "%v", res.Notes)

	// A baseline written when the finding was SCHEMA302 still accepts it.
	old := *res
	old.Findings = append([]checker.Finding(nil), res.Findings...)
	former := *old.Findings[0].Rule
	former.ID = "SCHEMA302"
	old.Findings[0].Rule = &former
	b := output.NewBaseline(&old, old.Findings, "acrvet")
	require.Equal(t, "SCHEMA302", b.Findings[0].Rule)
	fresh, stale := b.Filter(res, res.Findings)
	assert.Empty(t, fresh, "the SCHEMA302 entry matches the MAGE102 finding")
	assert.Zero(t, stale)

	var out, errb bytes.Buffer
	require.Equal(t, multichecker.ExitClean, multichecker.Run("acrvet", []string{"help", "SCHEMA301"}, &out, &errb, all.Analyzers()...))
	assert.Contains(t, out.String(), "SCHEMA301 is a former code or name of MAGE101")
}

// TestConfigCheckNotesFormerNames: acrvet config check accepts the former
// pass names and says what they mean now.
func TestConfigCheckNotesFormerNames(t *testing.T) {
	t.Chdir(writeRepo(t, map[string]string{".acr.yaml": "passes: [mojo]\n"}))
	var out, errb bytes.Buffer
	code := multichecker.Run("acrvet", []string{"config", "check"}, &out, &errb, all.Analyzers()...)
	assert.Equal(t, multichecker.ExitClean, code, errb.String())
	assert.Contains(t, errb.String(), "note: passes: mojo also selects layers")
}
