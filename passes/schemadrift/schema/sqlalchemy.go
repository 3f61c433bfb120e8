package schema

import (
	"strings"

	"github.com/acrvet/acr/pass"
	"github.com/acrvet/acr/pass/python"
	"github.com/acrvet/acr/passes/pyindex"
)

// A pyColumn is a column defined by sa.Column(...) or mapped_column(...).
type pyColumn struct {
	name                   string
	nameNode               *python.Node
	call                   *pyindex.Call
	typeNode               *python.Node
	typ                    pyType
	primary, unique, index bool
	serverDefault          *python.Node
}

func isColumnCall(c *pyindex.Call) bool {
	switch last(c.Callee, c.Method) {
	case "Column", "mapped_column":
		return true
	}
	return false
}

// column reads a column definition call; attrName is the attribute it is
// assigned to in a model class, which names the column when the call does
// not.
func (w *pyWorld) column(p *pyFile, c *pyindex.Call, attrName string) *pyColumn {
	pc := &pyColumn{name: attrName, call: c}
	for _, a := range c.Args {
		if a.Star != "" {
			continue
		}
		switch a.Keyword {
		case "":
			v := a.Value.Unparen()
			if s, ok := pyindex.StringValue(v); ok && pc.typeNode == nil && a.Index == 0 {
				pc.name, pc.nameNode = s, v
				continue
			}
			if pc.typeNode == nil && !isConstraintArg(p, v) {
				pc.typeNode = v
			}
		case "type_":
			pc.typeNode = a.Value
		case "primary_key":
			pc.primary = a.Value.Text() == "True"
		case "unique":
			pc.unique = a.Value.Text() == "True"
		case "index":
			pc.index = a.Value.Text() == "True"
		case "server_default":
			pc.serverDefault = a.Value
		case "name":
			if s, ok := pyindex.StringValue(a.Value); ok {
				pc.name, pc.nameNode = s, a.Value
			}
		}
	}
	if pc.typeNode != nil {
		pc.typ = w.typeOf(p.m, pc.typeNode, 0)
	}
	return pc
}

// isConstraintArg reports positional Column arguments that are not the
// type: ForeignKey(...), Sequence(...), Computed(...), Identity(...).
func isConstraintArg(p *pyFile, v *python.Node) bool {
	if v.Type() != "call" {
		return false
	}
	c := p.m.Call(v)
	if c == nil {
		return false
	}
	switch last(c.Callee, c.Method) {
	case "ForeignKey", "Sequence", "Computed", "Identity", "CheckConstraint", "FetchedValue", "DefaultClause":
		return true
	}
	return false
}

func (pc *pyColumn) def(p *pyFile, via string) *ColumnDef {
	def := &ColumnDef{Column: pc.name, Type: pc.typ.name, Array: pc.typ.array, Via: via, Origin: p.origin(pc.call.Node)}
	if pc.nameNode != nil {
		def.Origin = p.origin(pc.nameNode)
	}
	def.TypeOrigin = def.Origin
	if pc.typeNode != nil {
		def.TypeOrigin = p.origin(pc.typeNode)
	}
	def.Fix = pc.typ.edit(p)
	return def
}

// edit returns the fix that makes a json type jsonb, when the module has
// the imports for it.
func (t pyType) edit(p *pyFile) *Edit {
	if t.fix == "" || t.fixNode == nil || p.f == nil {
		return nil
	}
	return &Edit{Span: pass.SpanOf(p.f, t.fixNode.Start(), t.fixNode.End()), NewText: t.fix}
}

// A pyModel is a table declared in Python: a declarative class with
// __tablename__, or a Table("name", metadata, ...) object.
type pyModel struct {
	p       *pyFile
	name    string // class or variable name
	table   string
	schema  string
	node    *python.Node // the class definition or Table call
	columns []*pyColumn
	indexes []*pyindex.Call
}

// models finds the tables a module declares.
func (w *pyWorld) models(p *pyFile) []*pyModel {
	m := p.m
	var out []*pyModel
	for _, cl := range m.Classes {
		bs := cl.Scope.Bindings["__tablename__"]
		if len(bs) == 0 || bs[len(bs)-1].Value == nil {
			continue
		}
		table, ok := pyindex.StringValue(bs[len(bs)-1].Value)
		if !ok {
			continue
		}
		pm := &pyModel{p: p, name: cl.Name, table: table, node: cl.Node}
		for name, bindings := range cl.Scope.Bindings {
			for _, b := range bindings {
				if b.Value == nil || (b.Kind != pyindex.AssignBinding && b.Kind != pyindex.AnnotationBinding) {
					continue
				}
				if cc := columnCallIn(m, b.Value); cc != nil {
					if pc := w.column(p, cc, name); pc != nil {
						pm.columns = append(pm.columns, pc)
					}
				}
			}
		}
		if args := cl.Scope.Bindings["__table_args__"]; len(args) > 0 && args[len(args)-1].Value != nil {
			pm.tableArgs(args[len(args)-1].Value)
		}
		sortColumns(pm.columns)
		out = append(out, pm)
	}
	byName := map[string]*pyModel{}
	for _, pm := range out {
		byName[pm.name] = pm
	}
	for _, c := range m.Calls {
		// Index("ix", Model.col, ...) at module level, after the class.
		if last(c.Callee, "") == "Index" && isSQLAlchemyName(c.Callee) && c.Function == nil && c.Scope == m.Scope {
			for _, a := range c.Args {
				if a.Keyword != "" || a.Index == 0 {
					continue
				}
				if v := a.Value.Unparen(); v.Type() == "attribute" {
					if pm := byName[modelName(m, v.ChildByField("object"))]; pm != nil {
						pm.indexes = append(pm.indexes, c)
					}
				}
				break
			}
		}
	}
	for _, c := range m.Calls {
		if last(c.Callee, "") != "Table" || !isSQLAlchemyName(c.Callee) {
			continue
		}
		table := p.strValue(argValue(c.Positional(0)), 0)
		if table == "" {
			continue
		}
		pm := &pyModel{p: p, table: table, node: c.Node, schema: p.strValue(argValue(c.Keyword("schema")), 0)}
		if b := assignedTo(c.Node); b != "" {
			pm.name = b
		}
		for _, a := range c.Args {
			if a.Keyword != "" || a.Star != "" || a.Index < 2 {
				continue
			}
			cc := m.Call(a.Value.Unparen())
			if cc == nil {
				continue
			}
			switch {
			case isColumnCall(cc):
				if pc := w.column(p, cc, ""); pc != nil {
					pm.columns = append(pm.columns, pc)
				}
			case last(cc.Callee, cc.Method) == "Index":
				pm.indexes = append(pm.indexes, cc)
			}
		}
		out = append(out, pm)
	}
	return out
}

func argValue(a *pyindex.Arg) *python.Node {
	if a == nil {
		return nil
	}
	return a.Value
}

// columnCallIn returns the Column call an attribute is assigned: directly,
// or as Field(sa_column=Column(...)) of SQLModel.
func columnCallIn(m *pyindex.Module, v *python.Node) *pyindex.Call {
	v = v.Unparen()
	if v.Type() != "call" {
		return nil
	}
	c := m.Call(v)
	if c == nil {
		return nil
	}
	if isColumnCall(c) {
		return c
	}
	if last(c.Callee, c.Method) == "Field" {
		if sa := c.Keyword("sa_column"); sa != nil {
			return columnCallIn(m, sa.Value)
		}
	}
	return nil
}

func (pm *pyModel) tableArgs(v *python.Node) {
	v = v.Unparen()
	switch v.Type() {
	case "tuple", "list":
		for e := range v.NamedChildren() {
			pm.tableArgs(e)
		}
	case "dictionary":
		for pair := range v.NamedChildren() {
			if pair.Type() == "pair" {
				if k, _ := pyindex.StringValue(pair.ChildByField("key")); k == "schema" {
					pm.schema, _ = pyindex.StringValue(pair.ChildByField("value"))
				}
			}
		}
	case "call":
		if c := pm.p.m.Call(v); c != nil && last(c.Callee, c.Method) == "Index" {
			pm.indexes = append(pm.indexes, c)
		}
	}
}

func sortColumns(cs []*pyColumn) {
	for i := 1; i < len(cs); i++ {
		for j := i; j > 0 && cs[j].call.Node.Start() < cs[j-1].call.Node.Start(); j-- {
			cs[j], cs[j-1] = cs[j-1], cs[j]
		}
	}
}

// assignedTo returns the name a call's value is assigned to, if the call
// is the right side of a simple assignment.
func assignedTo(n *python.Node) string {
	p := n.Parent()
	if p != nil && p.Type() == "assignment" {
		if l := p.ChildByField("left"); l != nil && l.Type() == "identifier" {
			return l.Text()
		}
	}
	return ""
}

// modelIndex reads an Index(name, *elements, **kw) of a model.
func (w *pyWorld) modelIndex(r *replayer, pm *pyModel, t *Table, c *pyindex.Call) *Index {
	a := &alembicCtx{r: r, w: w, p: pm.p}
	ix := &Index{Name: pm.p.strValue(argValue(c.Positional(0)), 0), Table: t, Method: "btree", Via: "sqlalchemy",
		Origin: pm.p.origin(c.Node), ExprOrigins: map[int]Origin{}}
	if m := pm.p.strValue(argValue(c.Keyword("postgresql_using")), 0); m != "" {
		ix.Method = strings.ToLower(m)
	}
	if u := c.Keyword("unique"); u != nil && u.Value.Text() == "True" {
		ix.Unique = true
	}
	ops := postgresqlOps(c)
	for _, arg := range c.Args {
		if arg.Keyword != "" || arg.Star != "" || arg.Index == 0 {
			continue
		}
		v := arg.Value.Unparen()
		var el *IndexElem
		switch v.Type() {
		case "attribute":
			// Model.data, cls.data, table.c.data
			el = &IndexElem{Column: v.ChildByField("attribute").Text()}
		default:
			if expr := jsonExprOf(v); expr != nil {
				el = &IndexElem{Key: expr.key(), Paths: []JSONPath{{Column: expr.column, Keys: expr.keys(),
					Text: expr.op == PyAstext || expr.op == PyPathText, Op: string(expr.op)}}}
			} else if key := funcOfColumn(v, ""); key != "" {
				// Index("ix", func.lower(User.email)): on lower(email).
				el = &IndexElem{Key: key}
			} else {
				el = a.indexElem(v)
			}
		}
		if el == nil {
			continue
		}
		if el.Column != "" {
			el.Opclass = ops[el.Column]
		} else {
			ix.ExprOrigins[len(ix.Elems)] = pm.p.origin(v)
		}
		ix.Elems = append(ix.Elems, el)
	}
	if wh := c.Keyword("postgresql_where"); wh != nil {
		ix.Where = a.sqlExpr(wh.Value, "SELECT 1 WHERE ")
	}
	ix.TableName = t.QualifiedName()
	return ix
}

// postgresqlOps reads the postgresql_ops={"column": "opclass"} keyword of
// an op.create_index or Index call, opclasses lower-cased.
func postgresqlOps(c *pyindex.Call) map[string]string {
	ops := map[string]string{}
	if o := c.Keyword("postgresql_ops"); o != nil && o.Value.Unparen().Type() == "dictionary" {
		for pair := range o.Value.Unparen().NamedChildren() {
			if pair.Type() == "pair" {
				k, _ := pyindex.StringValue(pair.ChildByField("key"))
				v, _ := pyindex.StringValue(pair.ChildByField("value"))
				ops[k] = strings.ToLower(v)
			}
		}
	}
	return ops
}
