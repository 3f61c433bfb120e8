package schema

import (
	"path"
	"strings"

	"github.com/acrvet/acr/pass"
	"github.com/acrvet/acr/pass/python"
	"github.com/acrvet/acr/passes/pyindex"
)

// pyWorld resolves SQLAlchemy types across the modules of the repository.
type pyWorld struct {
	repo  *pass.Repo
	index *pyindex.Index
	// modules maps a dotted module name to its file, built on first use.
	modules map[string]*pass.File
}

// A pyType is a resolved SQLAlchemy column type.
type pyType struct {
	name  string // canonical SQL type: "jsonb", "json", "timestamptz", ...
	array bool
	// fix is the text that replaces fixNode to render jsonb, when the type
	// is json and the module already imports what jsonb needs.
	fix     string
	fixNode *python.Node
}

// sqlalchemyTypes maps the last part of a SQLAlchemy type's qualified name
// to the PostgreSQL type it renders.
var sqlalchemyTypes = map[string]string{
	"JSON": "json", "JSONB": "jsonb", "JSONType": "json",
	"Integer": "int4", "INTEGER": "int4", "INT": "int4", "SmallInteger": "int2", "SMALLINT": "int2",
	"BigInteger": "int8", "BIGINT": "int8",
	"DateTime": "timestamp", "DATETIME": "timestamp", "TIMESTAMP": "timestamp", "Date": "date", "DATE": "date",
	"Time": "time", "Interval": "interval",
	"String": "varchar", "VARCHAR": "varchar", "Unicode": "varchar", "Text": "text", "TEXT": "text", "UnicodeText": "text",
	"CHAR": "bpchar", "Boolean": "bool", "BOOLEAN": "bool",
	"Float": "float8", "FLOAT": "float8", "REAL": "float4", "DOUBLE_PRECISION": "float8", "Double": "float8",
	"Numeric": "numeric", "NUMERIC": "numeric", "DECIMAL": "numeric",
	"UUID": "uuid", "Uuid": "uuid", "LargeBinary": "bytea", "BYTEA": "bytea", "Enum": "enum", "ENUM": "enum",
	"HSTORE": "hstore", "INET": "inet", "CIDR": "cidr", "TSVECTOR": "tsvector",
}

func isSQLAlchemyName(q string) bool {
	return strings.HasPrefix(q, "sqlalchemy.") || strings.HasPrefix(q, "sqlalchemy_utils.") ||
		strings.HasPrefix(q, "sqlmodel.") || strings.HasPrefix(q, "flask_sqlalchemy.")
}

// typeOf resolves a type expression written in module m: sa.JSON(),
// postgresql.JSONB(astext_type=...), JSON().with_variant(JSONB(),
// "postgresql"), MutableDict.as_mutable(JSONB), ARRAY(JSONB), a project's
// own TypeDecorator or alias, followed into its module when it is in the
// repository.
func (w *pyWorld) typeOf(m *pyindex.Module, expr *python.Node, depth int) pyType {
	if expr == nil || depth > 8 {
		return pyType{}
	}
	expr = expr.Unparen()
	switch expr.Type() {
	case "call":
		fn := expr.ChildByField("function").Unparen()
		args := expr.ChildByField("arguments")
		if fn.Type() == "attribute" {
			attr := fn.ChildByField("attribute").Text()
			obj := fn.ChildByField("object")
			switch attr {
			case "with_variant":
				// The PostgreSQL variant wins over the generic type.
				if variant, dialects := variantArgs(args); variant != nil && containsString(dialects, "postgresql") {
					return w.typeOf(m, variant, depth+1)
				}
				return w.typeOf(m, obj, depth+1)
			case "as_mutable", "coerce_compared_value":
				return w.typeOf(m, firstArg(args), depth+1)
			}
		}
		t := w.typeOf(m, fn, depth+1)
		if t.name == "array" {
			inner := w.typeOf(m, firstArg(args), depth+1)
			return pyType{name: inner.name, array: true}
		}
		if t.name == "timestamp" && keywordText(args, "timezone") == "True" {
			t.name = "timestamptz"
		}
		return t
	case "identifier", "attribute":
		return w.nameType(m, expr, depth)
	case "subscript":
		// Mapped[dict] and the like: not a SQL type.
		return pyType{}
	}
	return pyType{}
}

// nameType resolves a dotted name that denotes a type.
func (w *pyWorld) nameType(m *pyindex.Module, expr *python.Node, depth int) pyType {
	q := m.QualifiedName(expr)
	if q == "" {
		// A local name or an attribute of a local object: db.JSON of
		// Flask-SQLAlchemy, or a class or alias defined in this module.
		if expr.Type() == "attribute" {
			obj := expr.ChildByField("object")
			if strings.Contains(m.TypeOf(obj), "SQLAlchemy") || obj.Text() == "db" {
				return w.known(m, expr, "sqlalchemy."+expr.ChildByField("attribute").Text())
			}
			return pyType{}
		}
		return w.localType(m, expr, depth)
	}
	if isSQLAlchemyName(q) {
		return w.known(m, expr, q)
	}
	if t := w.localType(m, expr, depth); t.name != "" {
		return t
	}
	return w.foreignType(m, q, depth)
}

func (w *pyWorld) known(m *pyindex.Module, expr *python.Node, q string) pyType {
	last := q[strings.LastIndexByte(q, '.')+1:]
	if last == "ARRAY" {
		return pyType{name: "array"}
	}
	name, ok := sqlalchemyTypes[last]
	if !ok {
		return pyType{name: strings.ToLower(last)}
	}
	t := pyType{name: name}
	if name == "json" && last == "JSON" {
		t.fix, t.fixNode = jsonbSpelling(m), expr
	}
	return t
}

// jsonbSpelling returns how module m can name postgresql.JSONB with the
// imports it has, or "".
func jsonbSpelling(m *pyindex.Module) string {
	dialect := ""
	for _, imp := range m.Imports {
		if imp.Scope != m.Scope || imp.Bound == "" || imp.TypeOnly || imp.Conditional {
			continue
		}
		switch imp.Qualified {
		case "sqlalchemy.dialects.postgresql.JSONB", "sqlalchemy.dialects.postgresql.json.JSONB":
			return imp.Bound
		case "sqlalchemy.dialects.postgresql":
			if dialect == "" {
				dialect = imp.Bound + ".JSONB"
			}
		}
	}
	return dialect
}

// localType follows a name bound in module m: a class (TypeDecorator with
// impl, or a subclass of a type) or an alias assignment.
func (w *pyWorld) localType(m *pyindex.Module, expr *python.Node, depth int) pyType {
	if expr.Type() != "identifier" {
		return pyType{}
	}
	b := m.Lookup(expr.Text(), expr)
	if b == nil {
		return pyType{}
	}
	switch b.Kind {
	case pyindex.ClassBinding:
		return w.classType(m, b.Class, depth)
	case pyindex.AssignBinding:
		if b.Value != nil {
			return w.typeOf(m, b.Value, depth+1)
		}
	}
	return pyType{}
}

func (w *pyWorld) classType(m *pyindex.Module, c *pyindex.Class, depth int) pyType {
	if c == nil {
		return pyType{}
	}
	if bs := c.Scope.Bindings["impl"]; len(bs) > 0 && bs[len(bs)-1].Value != nil {
		if t := w.typeOf(m, bs[len(bs)-1].Value, depth+1); t.name != "" {
			t.fix, t.fixNode = "", nil
			return t
		}
	}
	for _, base := range c.Bases {
		t := w.typeOf(m, base, depth+1)
		if t.name != "" && t.name != "typedecorator" && t.name != "usertype" {
			t.fix, t.fixNode = "", nil
			return t
		}
	}
	return pyType{}
}

// foreignType follows a qualified name into the repository module that
// defines it.
func (w *pyWorld) foreignType(m *pyindex.Module, q string, depth int) pyType {
	i := strings.LastIndexByte(q, '.')
	if i <= 0 || w.index == nil {
		return pyType{}
	}
	modName, name := q[:i], q[i+1:]
	f := w.module(m, modName)
	if f == nil {
		return pyType{}
	}
	other, err := w.index.Module(f)
	if other == nil || err != nil && other == nil {
		return pyType{}
	}
	for _, bd := range other.Scope.Bindings[name] {
		switch bd.Kind {
		case pyindex.ClassBinding:
			if t := w.classType(other, bd.Class, depth+1); t.name != "" {
				return t
			}
		case pyindex.AssignBinding:
			if bd.Value != nil {
				if t := w.typeOf(other, bd.Value, depth+1); t.name != "" {
					t.fix, t.fixNode = "", nil
					return t
				}
			}
		case pyindex.ImportBinding:
			if bd.Import != nil && bd.Import.Qualified != q {
				if isSQLAlchemyName(bd.Import.Qualified) {
					t := w.known(other, bd.Node, bd.Import.Qualified)
					t.fix, t.fixNode = "", nil
					return t
				}
				return w.foreignType(other, bd.Import.Qualified, depth+1)
			}
		}
	}
	return pyType{}
}

// module finds the file of a dotted module name, relative names (leading
// dots) resolved from m's file, also under a src/ layout.
func (w *pyWorld) module(m *pyindex.Module, name string) *pass.File {
	if w.repo == nil {
		return nil
	}
	if strings.HasPrefix(name, ".") && m.File != nil {
		dots := len(name) - len(strings.TrimLeft(name, "."))
		dir := path.Dir(m.File.Path)
		for range dots - 1 {
			dir = path.Dir(dir)
		}
		rel := strings.ReplaceAll(strings.TrimLeft(name, "."), ".", "/")
		for _, p := range []string{path.Join(dir, rel+".py"), path.Join(dir, rel, "__init__.py")} {
			if f := w.repo.Lookup(p); f != nil {
				return f
			}
		}
		return nil
	}
	if w.modules == nil {
		w.modules = map[string]*pass.File{}
		for _, f := range w.repo.OfKind(pass.Python) {
			p := strings.TrimSuffix(strings.TrimSuffix(f.Path, ".py"), "/__init__")
			segs := strings.Split(p, "/")
			// Register every suffix, so src/app/types.py answers to
			// app.types and types; the shortest path wins a tie.
			for k := range segs {
				key := strings.Join(segs[k:], ".")
				if old, ok := w.modules[key]; !ok || len(f.Path) < len(old.Path) {
					w.modules[key] = f
				}
			}
		}
	}
	return w.modules[name]
}

// variantArgs returns the type and dialect names of with_variant(type,
// "postgresql", ...).
func variantArgs(args *python.Node) (*python.Node, []string) {
	if args == nil {
		return nil, nil
	}
	var variant *python.Node
	var dialects []string
	i := 0
	for a := range args.NamedChildren() {
		if a.Type() == "keyword_argument" || a.IsExtra() {
			continue
		}
		if i == 0 {
			variant = a
		} else if s, ok := pyindex.StringValue(a); ok {
			dialects = append(dialects, s)
		}
		i++
	}
	return variant, dialects
}

func firstArg(args *python.Node) *python.Node {
	if args == nil {
		return nil
	}
	for a := range args.NamedChildren() {
		if a.Type() != "keyword_argument" && !a.IsExtra() {
			return a
		}
	}
	return nil
}

func keywordText(args *python.Node, name string) string {
	if args == nil {
		return ""
	}
	for a := range args.NamedChildren() {
		if a.Type() == "keyword_argument" {
			if k := a.ChildByField("name"); k != nil && k.Text() == name {
				if v := a.ChildByField("value"); v != nil {
					return v.Text()
				}
			}
		}
	}
	return ""
}

func containsString(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}
