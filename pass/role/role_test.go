package role

import "testing"

func TestOf(t *testing.T) {
	cases := []struct {
		path string
		want Role
	}{
		{"src/service/api.py", Source},
		{"app/main.py", Source},
		{"tests/test_api.py", Test},
		{"src/prefect/testing/utilities.py", Test},
		{"backend/tests/unit/conftest.py", Test},
		{"conftest.py", Test},
		{"pkg/handlers_test.py", Test},
		{"tests/scripts/seed.py", Test},
		{"app/fixtures/orders.sql", Test},
		{"oryx/popx/stub/migrations/legacy/1_init.up.sql", Test}, // a library's test stubs
		{"benchmarks/bench_flow.py", Benchmark},
		{"load/locustfile.py", Benchmark},
		{"examples/fastapi/app.py", Example},
		{"docs/snippets/x.py", Example},
		{"scripts/backfill.py", Script},
		{"server/scripts/seed_local.py", Script},
		{"alembic/versions/1234_add.py", Migration},
		{"backend/alembic/versions/43cb_x.py", Migration},
		{"server/migrations/versions/2026_squash.py", Migration},
		{"db/migrations/0001_init.sql", Migration},
		{"src/app/versions/api.py", Source}, // not under a migration tool
		{"src/testimonials/views.py", Source},
		{"contest.py", Source},
		{"tools/release.py", Script},
		{"backend/tools/dump.py", Script},
		{"backend/onyx/tools/search.py", Source}, // an agent's tools are the product
	}
	for _, c := range cases {
		if got := Of(c.path, nil); got != c.want {
			t.Errorf("Of(%q) = %v, want %v", c.path, got, c.want)
		}
	}
	if got := Of("qa/suite/check.py", []string{"qa/suite"}); got != Test {
		t.Errorf("plan test dir: got %v, want test", got)
	}
	if Source.Serving() != true || Test.Serving() || Script.Serving() {
		t.Error("only source serves")
	}
}
