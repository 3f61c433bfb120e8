package all_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acrvet/acr/multichecker"
	"github.com/acrvet/acr/passes/all"
)

// TestDiffReviewsEveryNewMigration: by default the locking rules review
// the newest migration of each history only, since the others have run
// wherever the history is deployed; a pull request that adds two
// migrations gets both reviewed, because -new-from-rev implies
// -schemadrift.migrations=all and the diff narrows the report to them.
func TestDiffReviewsEveryNewMigration(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	t.Setenv("GIT_CONFIG_GLOBAL", os.DevNull)
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	root := writeRepo(t, map[string]string{
		".acr.yaml":                      "plan:\n  large_tables: [events]\n",
		"db/migration/V1__init.sql":      "CREATE TABLE events (id bigint PRIMARY KEY, kind text, account_id bigint);\n",
		"db/migration/V2__old_index.sql": "CREATE INDEX events_id_kind ON events (id, kind);\n",
	})
	git := func(args ...string) {
		cmd := exec.Command("git", append([]string{"-c", "user.name=acr", "-c", "user.email=acr@example.com", "-c", "commit.gpgsign=false"}, args...)...)
		cmd.Dir = root
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "git %v: %s", args, out)
	}
	git("init", "-q")
	git("add", ".")
	git("commit", "-q", "-m", "base")
	// The pull request adds two migrations.
	for name, sql := range map[string]string{
		"db/migration/V3__kind.sql":    "CREATE INDEX events_kind ON events (kind);\n",
		"db/migration/V4__account.sql": "CREATE INDEX events_account ON events (account_id);\n",
	} {
		require.NoError(t, os.WriteFile(filepath.Join(root, name), []byte(sql), 0o644))
	}
	t.Chdir(root)
	run := func(args ...string) string {
		var out, errb bytes.Buffer
		multichecker.Run("acrvet", append([]string{"-cache=off", "-schemadrift", "-select", "SCHEMA401"}, append(args, ".")...), &out, &errb, all.Analyzers()...)
		return out.String()
	}
	whole := run()
	assert.Contains(t, whole, "V4__account.sql", "the newest migration is reviewed")
	assert.NotContains(t, whole, "V3__kind.sql", "a migration a later one follows has run")
	assert.NotContains(t, whole, "V2__old_index.sql")

	diff := run("-new-from-rev", "HEAD")
	assert.Contains(t, diff, "V3__kind.sql", "both migrations of the pull request are reviewed")
	assert.Contains(t, diff, "V4__account.sql")
	assert.NotContains(t, diff, "V2__old_index.sql", "the diff narrows the report")

	// The implied setting does not outlive the run.
	assert.Equal(t, whole, run())
	assert.True(t, strings.Contains(run("-schemadrift.migrations=all"), "V2__old_index.sql"))
}

// TestSettingsDoNotOutliveTheRun: the settings of one repository's
// .acr.yaml set the passes' flags for its run only; a process that then
// reviews another repository (a Go tool, acrvet mcp) runs it with that
// repository's configuration.
func TestSettingsDoNotOutliveTheRun(t *testing.T) {
	migrations := map[string]string{
		"db/migration/V1__init.sql":  "CREATE TABLE events (id bigint PRIMARY KEY, kind text, account_id bigint);\n",
		"db/migration/V2__kind.sql":  "CREATE INDEX events_kind ON events (kind);\n",
		"db/migration/V3__other.sql": "CREATE INDEX events_account ON events (account_id);\n",
	}
	withSettings := map[string]string{".acr.yaml": "plan:\n  large_tables: [events]\nsettings:\n  schemadrift: {migrations: all}\n"}
	plain := map[string]string{".acr.yaml": "plan:\n  large_tables: [events]\n"}
	for k, v := range migrations {
		withSettings[k], plain[k] = v, v
	}
	run := func(files map[string]string) string {
		t.Chdir(writeRepo(t, files))
		var out, errb bytes.Buffer
		multichecker.Run("acrvet", []string{"-cache=off", "-schemadrift", "-select", "SCHEMA401", "."}, &out, &errb, all.Analyzers()...)
		return out.String()
	}
	assert.Contains(t, run(withSettings), "V2__kind.sql", "settings: migrations: all reviews every migration")
	second := run(plain)
	assert.Contains(t, second, "V3__other.sql")
	assert.NotContains(t, second, "V2__kind.sql", "the first repository's settings do not reach the second run")
}

// TestSettingsOfPassesNotRun: .acr.yaml may configure passes a run leaves
// out (-select, -PASS, disable): their settings are checked, not an error,
// and do not outlive the run.
func TestSettingsOfPassesNotRun(t *testing.T) {
	t.Chdir(writeRepo(t, map[string]string{
		".acr.yaml":                     "disable: [exposure]\nsettings:\n  memory: {jvm-images: [acme/engine]}\n  exposure: {allow-loopback: true}\n",
		"db/migration/V1__init.sql":     "CREATE TABLE events (id bigint PRIMARY KEY, payload json);\n",
		"db/queries/events_by_kind.sql": "SELECT id FROM events WHERE payload->>'kind' = 'click';\n",
	}))
	for _, args := range [][]string{{"-schemadrift"}, {"-select", "SCHEMA101"}, {}} {
		var out, errb bytes.Buffer
		code := multichecker.Run("acrvet", append(append([]string{"-cache=off"}, args...), "."), &out, &errb, all.Analyzers()...)
		assert.Equal(t, multichecker.ExitFindings, code, "%v: %s", args, errb.String())
		assert.Contains(t, out.String(), "SCHEMA101", "%v", args)
	}
	var out, errb bytes.Buffer
	require.NoError(t, os.WriteFile(".acr.yaml", []byte("settings:\n  exposure: {allow-loopback: maybe}\n"), 0o644))
	code := multichecker.Run("acrvet", []string{"-cache=off", "-schemadrift", "."}, &out, &errb, all.Analyzers()...)
	assert.Equal(t, multichecker.ExitError, code, "a bad value of a pass not run is still an error")
}
