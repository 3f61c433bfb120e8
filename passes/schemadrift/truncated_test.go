package schemadrift_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/checker"
	"github.com/acrvet/acr/internal/cuttest"
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

// TestTruncatedModels runs the pass over every prefix of a module cut
// before a newline, bracket, colon, dot or equals sign, with an open
// bracket, a colon or a reassignment appended: syntax errors around the
// constructs must not panic.
func TestTruncatedModels(t *testing.T) {
	whole := cuttest.Run(t, []*acr.Analyzer{schemadrift.Analyzer}, "models.py", truncatedModels, "\n([:.=",
		[]string{"", "(", ":\n", "\n    stmt = stmt\n"}, checker.Options{PassesChosen: true})
	require.NotEmpty(t, whole.Findings, "the whole module is analysed")
}
