package schemadrift

import (
	"bytes"
	"fmt"
	"sort"
	"strings"

	"github.com/acrvet/acr/pass"
	"github.com/acrvet/acr/passes/pyindex"
	"github.com/acrvet/acr/passes/requestpath"
)

// alembicUpgrade is the Alembic API call that applies migrations.
const alembicUpgrade = "alembic.command.upgrade"

// startupMigration finds where the application applies its own Alembic
// migrations in-process at start-up, before it serves: alembic's
// command.upgrade called from a function the request path reaches from a
// lifespan or start-up handler (Mealie's lifespan runs init_db, which
// upgrades to head). Such a migration runs while the process that would
// serve waits for it, so nothing queues behind its locks, and on the
// corpus it marked single-instance applications whose tables are
// private to them. It returns the place, "mealie/db/init_db.py:114 in the
// lifespan handler ...", or "" when the migrations run some other way (a
// deploy step, a command, an operator), which is the safe assumption.
func (c *checker) startupMigration() string {
	// Only a module that calls command.upgrade from a function needs the
	// graph: without one, no other module is parsed for this question.
	type upgrade struct {
		f    *pass.File
		call *pyindex.Call
	}
	var upgrades []upgrade
	for _, f := range c.pass.Files {
		if m := c.upgradeCandidate(f); m != nil {
			for _, call := range m.Calls {
				if isAlembicUpgrade(call) {
					upgrades = append(upgrades, upgrade{f, call})
				}
			}
		}
	}
	if len(upgrades) == 0 {
		return ""
	}
	// Hand the graph the modules the schema helper parsed, which spares
	// it a second parse; it finds the rest (the lifespan's call of
	// init_db.main across modules) whatever was handed in.
	for _, f := range c.pass.Files {
		if f.Kind != pass.Python {
			continue
		}
		if m, err := c.ix.Module(f); err == nil && m != nil {
			c.graph.Add(f, m)
		}
	}
	var found []string
	for _, u := range upgrades {
		place := c.graph.Place(u.f, u.call.Function.Start())
		if place.Kind != requestpath.Serving || !strings.HasPrefix(place.Entry, "lifespan handler") {
			continue
		}
		posn := c.pass.Fset.Position(u.f.Pos(u.call.Node.Start()))
		found = append(found, fmt.Sprintf("%s:%d, reached from the %s", u.f.Path, posn.Line, place.Entry))
	}
	if len(found) == 0 {
		return ""
	}
	sort.Strings(found)
	return found[0]
}

// upgradeCandidate returns the module of f when its bytes allow a call of
// command.upgrade, else nil.
func (c *checker) upgradeCandidate(f *pass.File) *pyindex.Module {
	if f.Kind != pass.Python || !bytes.Contains(f.Content(), []byte("upgrade(")) || !bytes.Contains(f.Content(), []byte("alembic")) {
		return nil
	}
	m, err := c.ix.Module(f)
	if err != nil {
		return nil
	}
	return m
}

func isAlembicUpgrade(call *pyindex.Call) bool {
	return call.Callee == alembicUpgrade && call.Function != nil
}
