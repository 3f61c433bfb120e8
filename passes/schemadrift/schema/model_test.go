package schema

import (
	"go/token"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acrvet/acr/pass"
	"github.com/acrvet/acr/passes/pyindex"
)

// buildFiles replays an in-memory repository.
func buildFiles(t testing.TB, files map[string]string) *Model {
	t.Helper()
	fset := token.NewFileSet()
	var paths []string
	for p := range files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	var all, sqlFiles, pyFiles []*pass.File
	var modules []*pyindex.Module
	ix := &pyindex.Index{}
	for _, p := range paths {
		f := pass.NewFile(fset, p, p, pass.DetectKind(p, []byte(files[p])), []byte(files[p]), 0)
		all = append(all, f)
		switch f.Kind {
		case pass.SQL:
			sqlFiles = append(sqlFiles, f)
		case pass.Python:
			m, _ := ix.Module(f)
			pyFiles, modules = append(pyFiles, f), append(modules, m)
		}
	}
	repo := pass.NewRepo("/repo", all)
	plans := sqitchPlans(repo)
	var classified []*sqlFile
	for _, f := range sqlFiles {
		sf, _ := classify(repo, plans, newDialects(repo, nil), f)
		classified = append(classified, sf)
	}
	return build(repo, ix, classified, pyFiles, modules)
}

func sortedTables(ts []*Table) []*Table {
	out := append([]*Table(nil), ts...)
	sort.Slice(out, func(i, j int) bool { return out[i].QualifiedName() < out[j].QualifiedName() })
	return out
}

func describe(m *Model) string {
	var b strings.Builder
	for _, t := range sortedTables(m.Tables) {
		b.WriteString(t.QualifiedName() + "(")
		for i, c := range t.Columns {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(c.Name + " " + c.Type)
			if c.Array {
				b.WriteString("[]")
			}
		}
		b.WriteString(")")
		for _, ix := range t.Indexes {
			b.WriteString(" " + ix.Name + ":" + ix.Method + "[")
			for i, e := range ix.Elems {
				if i > 0 {
					b.WriteString(",")
				}
				if e.Column != "" {
					b.WriteString(e.Column)
				} else {
					b.WriteString(e.Key)
				}
				if e.Opclass != "" {
					b.WriteString(" " + e.Opclass)
				}
			}
			b.WriteString("]")
		}
		b.WriteString("\n")
	}
	return b.String()
}

func TestReplaySQLMigrations(t *testing.T) {
	m := buildFiles(t, map[string]string{
		"db/migration/V1__init.sql": `CREATE TABLE "Events" (id bigint PRIMARY KEY, data json, payload jsonb);
CREATE TABLE app.features (id int, attrs jsonb, customer_id int UNIQUE);`,
		"db/migration/V2__more.sql": `ALTER TABLE "Events" ALTER COLUMN data TYPE jsonb USING data::jsonb;
CREATE INDEX events_data ON "Events" USING gin (data jsonb_path_ops);
CREATE INDEX events_kind ON "Events" ((data->>'kind'));
ALTER TABLE app.features RENAME COLUMN attrs TO features;`,
		"db/migration/V10__later.sql": `DROP INDEX events_data;
CREATE INDEX CONCURRENTLY ON app.features USING gin (features);
ALTER TABLE "Events" RENAME TO events;`,
		"db/migration/V3__down_is_skipped.down.sql": `DROP TABLE app.features;`,
		"db/migration/U2__undo.sql":                 `DROP TABLE app.features;`,
	})
	assert.Equal(t, `app.features(id int4, features jsonb, customer_id int4) features_customer_id_key:btree[customer_id] features_features_idx:gin[features]
events(id int8, data jsonb, payload jsonb) Events_pkey:btree[id] events_kind:btree[("data"->>'kind')]
`, describe(m))
	require.Len(t, m.Migrations, 3)
	assert.Equal(t, "V10__later.sql", m.Migrations[2].File.Path[len("db/migration/"):], "versions sort numerically")
	assert.Empty(t, m.SyntaxErrors)
}

func TestReplayGooseSections(t *testing.T) {
	m := buildFiles(t, map[string]string{
		"migrations/00001_init.sql": `-- +goose Up
CREATE TABLE t (a jsonb);
CREATE INDEX CONCURRENTLY t_a ON t USING gin (a);
-- +goose Down
DROP TABLE t;`,
	})
	assert.Equal(t, "t(a jsonb) t_a:gin[a]\n", describe(m))
	require.Len(t, m.Concurrent, 1)
	assert.Contains(t, m.Concurrent[0].TxReason, "goose")
}

func TestReplayAlembic(t *testing.T) {
	m := buildFiles(t, map[string]string{
		"alembic/versions/b_second.py": `from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = "b2"
down_revision = "a1"

def upgrade():
    op.add_column("events", sa.Column("extra", postgresql.JSONB(astext_type=sa.Text())))
    with op.batch_alter_table("events") as batch_op:
        batch_op.alter_column("data", type_=postgresql.JSONB())
        batch_op.create_index("ix_events_kind", [sa.text("(data->>'kind')")])
    op.execute("CREATE INDEX events_extra ON events USING gin (extra jsonb_path_ops); DROP INDEX ix_old")
    op.rename_table("events", "event_log")

def downgrade():
    op.drop_table("event_log")
`,
		"alembic/versions/a_first.py": `from alembic import op
import sqlalchemy as sa

revision = "a1"
down_revision = None

def upgrade():
    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("data", sa.JSON(), nullable=True),
        sa.Column("tags", sa.ARRAY(sa.Text())),
    )
    op.create_index("ix_old", "events", ["id"])
`,
	})
	assert.Equal(t, `event_log(id int4, data jsonb, tags text[], extra jsonb) ix_events_id:btree[id] ix_events_kind:btree[("data"->>'kind')] events_extra:gin[extra jsonb_path_ops]
`, describe(m))
	require.Len(t, m.Migrations, 2)
	assert.Equal(t, "a1", m.Migrations[0].Version)
	var types []string
	for _, d := range m.ColumnDefs {
		types = append(types, d.Column+":"+d.Type)
	}
	assert.Equal(t, []string{"id:int4", "data:json", "tags:text", "extra:jsonb", "data:jsonb"}, types)
	assert.Nil(t, m.ColumnDefs[1].Fix, "no fix without an import of the postgresql dialect")
}

func TestTypeResolution(t *testing.T) {
	m := buildFiles(t, map[string]string{
		"app/types.py": `import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.types import TypeDecorator

class JSON(TypeDecorator):
    impl = JSONB

Portable = sa.JSON().with_variant(JSONB(), "postgresql")
`,
		"app/models.py": `import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.ext.mutable import MutableDict
from app.types import JSON, Portable

class Base(DeclarativeBase):
    pass

class Thing(Base):
    __tablename__ = "things"
    __table_args__ = (sa.Index("ix_things_own", "own", postgresql_using="gin"), {"schema": "inv"})
    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True)
    own = sa.Column(JSON)
    portable = sa.Column("portable_doc", Portable)
    plain = sa.Column(sa.JSON)
    pg_json = sa.Column(postgresql.JSON(astext_type=sa.Text()))
    mutable = mapped_column(MutableDict.as_mutable(postgresql.JSONB))
`,
	})
	assert.Equal(t, "inv.things(id int4, own jsonb, portable_doc jsonb, plain json, pg_json json, mutable jsonb) ix_things_id:btree[id] ix_things_own:gin[own]\n", describe(m))
	fixes := map[string]string{}
	for _, d := range m.ColumnDefs {
		if d.Fix != nil {
			fixes[d.Column] = d.Fix.NewText
		}
	}
	assert.Equal(t, map[string]string{"plain": "postgresql.JSONB", "pg_json": "postgresql.JSONB"}, fixes)
}

func TestPythonAccessorKeysMatchSQL(t *testing.T) {
	m := buildFiles(t, map[string]string{
		"db/migration/V1__init.sql": `CREATE TABLE events (id int, data jsonb);
CREATE INDEX events_n ON events (((data->>'n')::int));
CREATE INDEX events_path ON events ((data #>> '{a, b}'));`,
		"app/models.py": `from sqlalchemy import Column, Integer
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import declarative_base
Base = declarative_base()
class Event(Base):
    __tablename__ = "events"
    id = Column(Integer, primary_key=True)
    data = Column(JSONB)
`,
		"app/q.py": `from sqlalchemy import select
from app.models import Event
q = select(Event).where(Event.data["n"].as_integer() > 3, Event.data[("a", "b")].astext == "x", Event.data["n"].astext == "3")
`,
	})
	keys := map[string]string{}
	for _, ix := range m.Lookup("", "events").Indexes {
		keys[ix.Elems[0].Key] = ix.Name
	}
	var matched []string
	for _, e := range m.PyJSON {
		matched = append(matched, keys[e.Key])
	}
	assert.Equal(t, []string{"events_n", "events_path", ""}, matched)
}

// TestConfiguredSearchPath pins where unqualified tables go when the
// connection settings, not a SQL script, set search_path: there until the
// script sets its own, and back there after RESET.
func TestConfiguredSearchPath(t *testing.T) {
	ddl := "CREATE TABLE events (id int);\nSET search_path TO public;\nCREATE TABLE audit (id int);\nRESET search_path;\nCREATE TABLE runs (id int);\n"
	inOps := "audit(id int4)\nops.events(id int4)\nops.runs(id int4)\n"
	inPublic := "audit(id int4)\nevents(id int4)\nruns(id int4)\n"
	for _, tc := range []struct {
		name, code, want string
	}{
		{"asyncpg server_settings", `connect_args = {"server_settings": {"search_path": "ops, public"}}`, inOps},
		{"DSN options, URL-encoded", `URL = "postgresql://app@db/app?options=-csearch_path%3D%22%24user%22%2Cops"`, inOps},
		{"connect listener", "def on_connect(conn, record):\n    conn.cursor().execute(\"SET search_path TO ops\")", inOps},
		{"settings that disagree", `a = {"options": "-csearch_path=ops"}` + "\n" + `b = {"options": "-c search_path=billing"}`, inPublic},
		{"public first", `a = {"options": "-csearch_path=public,ops"}`, inPublic},
		{"a placeholder", `a = {"options": f"-csearch_path={schema}"}`, inPublic},
		{"a map of setting names", `KEYS = {"search_path": "search_path", "schema": "ops"}`, inPublic},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := buildFiles(t, map[string]string{
				"db/migration/V1__init.sql": ddl,
				"app/db.py":                 "import sqlalchemy\n" + tc.code + "\n",
			})
			assert.Equal(t, tc.want, describe(m))
		})
	}
}

// TestMetadataSchema pins MetaData(schema=...): the models that name no
// schema of their own are in it, unless another declarative base makes a
// metadata without one.
func TestMetadataSchema(t *testing.T) {
	models := `import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase

class Base(DeclarativeBase):
    metadata = sa.MetaData(schema="inv")

class Thing(Base):
    __tablename__ = "things"
    id = sa.Column(sa.Integer, primary_key=True)
`
	assert.Equal(t, "inv.things(id int4) ix_things_id:btree[id]\n", describe(buildFiles(t, map[string]string{"app/models.py": models})))
	other := "from sqlalchemy.orm import declarative_base\nLegacy = declarative_base()\n"
	assert.Equal(t, "things(id int4) ix_things_id:btree[id]\n",
		describe(buildFiles(t, map[string]string{"app/models.py": models, "app/legacy.py": other})))
}
