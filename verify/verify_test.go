package verify

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/acrvet/acr/checker"
	"github.com/acrvet/acr/passes/all"
	"github.com/acrvet/acr/verify/genmodel"
	"github.com/acrvet/acr/verify/postgres"
)

// requireEngines skips when an engine is missing, unless CI requires them.
func requireEngines(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	_, gerr := genmodel.Find(ctx, genmodel.Options{})
	srv, perr := postgres.Start(ctx, postgres.Options{})
	if perr == nil {
		srv.Close()
	}
	for _, err := range []error{gerr, perr} {
		if err == nil {
			continue
		}
		if (errors.Is(err, genmodel.ErrUnavailable) || errors.Is(err, postgres.ErrUnavailable)) && os.Getenv("ACR_VERIFY_REQUIRED") == "" {
			t.Skipf("verify engines missing (set ACR_VERIFY_REQUIRED=1 to make this an error): %v", err)
		}
		t.Fatal(err)
	}
}

// TestExamplePlatform: on the example platform every index, json-type and
// MOJO finding gets engine evidence, and the engines confirm them all.
func TestExamplePlatform(t *testing.T) {
	requireEngines(t)
	res, err := checker.Run([]string{"../examples/platform/..."}, all.Analyzers(), checker.Options{})
	if err != nil {
		t.Fatal(err)
	}
	out := Run(context.Background(), res, res.Findings, Options{Engines: map[string]bool{Postgres: true, Genmodel: true}})
	if len(out.Notes) > 0 {
		t.Errorf("notes: %v", out.Notes)
	}
	if len(out.Findings) != len(res.Findings) || len(out.Withdrawn) > 0 {
		t.Errorf("%d findings, %v withdrawn; want all %d to stand", len(out.Findings), out.Withdrawn, len(res.Findings))
	}
	checked := 0
	for _, f := range out.Findings {
		id := f.Rule.ID
		wants := id == "SCHEMA101" || id == "SCHEMA103" || id == "SCHEMA104" || strings.HasPrefix(id, "MOJO3")
		switch {
		case wants && f.Verified == nil:
			t.Errorf("%s %s: no evidence", id, f.Posn)
		case f.Verified != nil && f.Verified.Result != Confirmed:
			t.Errorf("%s %s: %s: %s", id, f.Posn, f.Verified.Result, f.Verified.Evidence)
		case f.Verified != nil:
			checked++
			if !strings.HasPrefix(f.Verified.Engine, "PostgreSQL ") && !strings.HasPrefix(f.Verified.Engine, "h2o-genmodel") {
				t.Errorf("%s: engine %q", id, f.Verified.Engine)
			}
		}
	}
	if checked < 5 {
		t.Errorf("%d findings verified, want at least 5", checked)
	}
}

func TestParseEngines(t *testing.T) {
	for in, want := range map[string]string{"all": "genmodel,postgres", "postgres": "postgres", "genmodel, postgres": "genmodel,postgres", "": "", "off": ""} {
		got, err := ParseEngines(in)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, e := range []string{Genmodel, Postgres} {
			if got[e] {
				names = append(names, e)
			}
		}
		if strings.Join(names, ",") != want {
			t.Errorf("%q: %v", in, names)
		}
	}
	if _, err := ParseEngines("postgress"); err == nil {
		t.Error("a typo is accepted")
	}
}
