package schemadrift_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/checker"
	"github.com/acrvet/acr/passes/schemadrift"
)

// truncatedModels holds what the json rules read in Python: a model
// whose json column is read by a plain method and by a hybrid property,
// and queries built in steps, for TestTruncatedModels to cut anywhere.
const truncatedModels = `from sqlalchemy import BigInteger, JSON, select
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Hook(Base):
    __tablename__ = "hooks"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    project_id: Mapped[int] = mapped_column(BigInteger, index=True)
    data: Mapped[dict] = mapped_column(JSON)

    def kind_of(self):
        return self.data["kind"]

    @hybrid_property
    def kind(self):
        return self.data["kind"].astext


async def hooks(session, project_id, kind, everyone=False):
    stmt = select(Hook).filter(Hook.project_id == project_id)
    if everyone:
        stmt = stmt
    stmt = stmt.filter(Hook.data["kind"].astext == kind)
    stmt = (stmt).where(Hook.data["x"].astext == kind).join(Hook, Hook.id == Hook.project_id)
    return (await session.execute(stmt)).scalars().all()
`

// TestTruncatedModels runs the pass over prefixes of a module cut at
// every line, bracket, colon and dot, with an open bracket or a colon
// appended: syntax errors around the constructs must not panic.
func TestTruncatedModels(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "models.py")
	var cuts []int
	for i, c := range truncatedModels {
		if c == '\n' || c == '(' || c == '[' || c == ':' || c == '.' || c == '=' {
			cuts = append(cuts, i)
		}
	}
	cuts = append(cuts, len(truncatedModels))
	found := 0
	for _, cut := range cuts {
		for _, tail := range []string{"", "(", ":\n", "\n    stmt = stmt\n"} {
			src := truncatedModels[:cut] + tail
			require.NoError(t, os.WriteFile(path, []byte(src), 0o644))
			res, err := checker.Run([]string{dir + "/..."}, []*acr.Analyzer{schemadrift.Analyzer}, checker.Options{Root: dir, PassesChosen: true})
			require.NoError(t, err)
			for _, e := range res.Errors {
				require.NotContains(t, e.Error(), "panic", "cut at %d, tail %q:\n%s", cut, tail, src)
			}
			if cut == len(truncatedModels) && tail == "" {
				found = len(res.Findings)
			}
		}
	}
	require.NotZero(t, found, "the whole module is analysed")
}
