package verify_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/acrvet/acr/multichecker"
	"github.com/acrvet/acr/passes/all"
	"github.com/acrvet/acr/verify"
)

// TestCommandLine: acrvet -verify=all attaches the evidence to the text
// and JSON outputs, and a bad engine name is a usage error.
func TestCommandLine(t *testing.T) {
	verify.RequireEnginesForTest(t)
	var stdout, stderr bytes.Buffer
	code := multichecker.Run("acrvet", []string{"-verify=all", "-json", "../examples/platform/..."}, &stdout, &stderr, all.Analyzers()...)
	if code != multichecker.ExitFindings {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if n := strings.Count(stdout.String(), `"verified"`); n < 5 {
		t.Errorf("%d findings carry verified evidence in JSON, want at least 5", n)
	}
	stdout.Reset()
	stderr.Reset()
	code = multichecker.Run("acrvet", []string{"-verify=all", "-select", "SCHEMA104", "../examples/platform/..."}, &stdout, &stderr, all.Analyzers()...)
	if code != multichecker.ExitFindings || !strings.Contains(stdout.String(), "\tverified by PostgreSQL ") {
		t.Errorf("exit %d, text output lacks the evidence line:\n%s%s", code, stdout.String(), stderr.String())
	}
	if code := multichecker.Run("acrvet", []string{"-verify=postgress", "../examples/platform/..."}, &stdout, &stderr, all.Analyzers()...); code != multichecker.ExitUsage {
		t.Errorf("a misspelled engine: exit %d, want %d", code, multichecker.ExitUsage)
	}
}
