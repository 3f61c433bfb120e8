package asyncradar

import (
	"go/token"
	"strings"

	"github.com/acrvet/acr/pass"
	"github.com/acrvet/acr/pass/role"
	"github.com/acrvet/acr/passes/pyindex"
)

// moduleDigests names the digest pyindex keeps of every module parsed in
// a run, by whichever pass, for crossModule: the calls into other modules
// are judged once every module is in the call graph, when most of their
// trees are released, and reading the digest instead of parsing them
// again is what keeps each module to one parse. The settings are the
// run's: pyindex makes the function at its first build, after the flags
// are set.
var moduleDigests = pyindex.RegisterDigest(func() func(*pass.File, *pyindex.Module) any {
	s := newSettings(nil) // the plan's model version symbol is not read by classify
	return func(f *pass.File, m *pyindex.Module) (d any) {
		if seldomCalled(f) {
			return declined
		}
		// The hook runs in whichever pass parses the module: a panic
		// here would be that pass's error. Declined, the module is
		// digested again by crossModule, where it is asyncradar's.
		defer func() {
			if recover() != nil {
				d = declined
			}
		}()
		return digestModule(s, f, m)
	}
})

// seldomCalled reports whether a module is of a role whose code the
// request path hardly ever calls into: tests, benchmarks and migrations,
// a third to a half of what the passes parse on Onyx and Prefect. Their
// digest is left to crossModule, which digests such a module the rare
// time a call leads to it (parsing it again if its tree is gone).
func seldomCalled(f *pass.File) bool {
	switch role.Of(f.Path, nil) {
	case role.Test, role.Benchmark, role.Migration:
		return true
	}
	return false
}

// A moduleDigest is what crossModule reads of a module: what its
// module-level names bind (Module.Global).
type moduleDigest struct {
	globals map[string]globalDigest
}

// declined is the digest of a module the hook left to crossModule
// (seldomCalled, or one whose digest panicked).
var declined = &moduleDigest{}

type globalDigest struct {
	kind     pyindex.BindingKind
	fn       *fnDigest    // DefBinding
	class    *classDigest // ClassBinding
	held     heldDigest   // AssignBinding, AnnotationBinding
	imported string       // ImportBinding: Import.Qualified
}

// A fnDigest is a function or method as crossModule judges its calls.
type fnDigest struct {
	static  bool           // a static or class method
	verdict *helperVerdict // what its body does that blocks; nil: nothing, or async, a generator, decorated
	returns heldDigest     // what a call of it returns
}

// A heldDigest is what a name, attribute or call holds: an instance of a
// class of the module (ReturnedClass, InstanceClass), else a value of a
// type as TypeOf spells it; zero when neither is known.
type heldDigest struct {
	class *classDigest
	typ   string
}

// A classDigest is a class of the module.
type classDigest struct {
	name    string
	methods map[string]*fnDigest // the last definition of each name, which the class keeps
	bases   []baseDigest         // in order; object and unresolvable bases left out
	attrs   map[string]heldDigest
}

// A baseDigest is a base class: another class of the module, else its
// qualified name.
type baseDigest struct {
	local *classDigest
	qual  string
}

// A digester builds one module's digest while its tree is alive.
type digester struct {
	c       *fileCheck
	classes map[*pyindex.Class]*classDigest
}

func digestModule(s *settings, f *pass.File, m *pyindex.Module) *moduleDigest {
	// The check classifies blocking calls as the pass does; it reports
	// nothing and has no call graph (classify does not read one).
	d := &digester{c: &fileCheck{s: s, m: m, f: f, seen: &examined{}}, classes: map[*pyindex.Class]*classDigest{}}
	md := &moduleDigest{globals: make(map[string]globalDigest, len(m.Scope.Bindings))}
	for name := range m.Scope.Bindings {
		b := m.Global(name)
		if b == nil {
			continue
		}
		g := globalDigest{kind: b.Kind}
		switch b.Kind {
		case pyindex.DefBinding:
			g.fn = d.function(b.Function)
		case pyindex.ClassBinding:
			g.class = d.class(b.Class)
		case pyindex.AssignBinding, pyindex.AnnotationBinding:
			g.held = d.held(b)
		case pyindex.ImportBinding:
			g.imported = b.Import.Qualified
		}
		md.globals[name] = g
	}
	return md
}

func (d *digester) function(fn *pyindex.Function) *fnDigest {
	if fn == nil {
		return nil
	}
	c := d.c
	fd := &fnDigest{static: fn.Decorator("staticmethod", "classmethod") != nil}
	if fd.returns.class = d.class(c.m.ReturnedClass(fn)); fd.returns.class == nil {
		fd.returns.typ = c.m.ReturnType(fn)
	}
	if !plainHelper(fn) {
		return fd
	}
	if inner, b := c.firstBlocking(fn); inner != nil {
		// The line from the tree's text: a module parsed outside the memo
		// (Index.Shared of an idle file) leaves the file's line table unset.
		line := 1 + strings.Count(inner.Node.Tree().Slice(0, inner.Node.Start()), "\n")
		fd.verdict = &helperVerdict{file: c.f, qual: fn.QualName, line: line, what: b.name,
			rule: b.fam.rule.ID, bound: b.bounded, trip: roundTripFamily(b.fam), at: [2]token.Pos{c.f.Pos(inner.Node.Start()), c.f.Pos(inner.Node.End())}}
	}
	return fd
}

func (d *digester) class(cl *pyindex.Class) *classDigest {
	if cl == nil {
		return nil
	}
	if cd, done := d.classes[cl]; done {
		return cd
	}
	m := d.c.m
	cd := &classDigest{name: cl.Name, methods: make(map[string]*fnDigest, len(cl.Methods))}
	d.classes[cl] = cd // before the bases and returns, which may name it
	for _, fn := range cl.Methods {
		cd.methods[fn.Name] = d.function(fn)
	}
	for _, b := range cl.Bases {
		if lb := m.Lookup(b.Text(), b); lb != nil && lb.Kind == pyindex.ClassBinding && lb.Class != cl {
			cd.bases = append(cd.bases, baseDigest{local: d.class(lb.Class)})
			continue
		}
		if q := m.QualifiedName(b); q != "" && q != "object" {
			cd.bases = append(cd.bases, baseDigest{qual: q})
		}
	}
	for name, bs := range cl.Attrs {
		if len(bs) > 0 {
			if cd.attrs == nil {
				cd.attrs = map[string]heldDigest{}
			}
			cd.attrs[name] = d.held(bs[0])
		}
	}
	return cd
}

// held is what a binding holds (crossModule.held).
func (d *digester) held(b *pyindex.Binding) heldDigest {
	m := d.c.m
	if cl := d.class(m.InstanceClass(b.Value)); cl != nil {
		return heldDigest{class: cl}
	}
	return heldDigest{typ: m.TypeOf(b.Node)}
}
