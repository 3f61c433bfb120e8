package asyncradar

import (
	"fmt"
	"go/token"
	"strings"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/pass"
	"github.com/acrvet/acr/pass/python"
	"github.com/acrvet/acr/passes/pyindex"
	"github.com/acrvet/acr/passes/requestpath"
)

// A deferredCall is a call, on the loop, of code another module of the
// repository may define: a function imported by name (helper(),
// storage.fetch()), or a method of a value whose type names something of
// the repository (s.upload() after s = Storage() or s = make_session()).
// It holds no syntax, so the trees are released before crossModule judges
// it, once every module is in the call graph.
type deferredCall struct {
	file         *pass.File
	fn           int    // start of the calling function
	text, caller string // the callee as written, the caller's qualified name
	pos, end     token.Pos

	// name is the qualified callee of a call by name, as the import wrote
	// it ("app.util.load", "..util.load", "app.clients.storage.upload").
	name string
	// recv is the type of the receiver of a method call as TypeOf spells
	// it ("app.clients.Storage", "app.clients.make_session.session"), and
	// method the method called.
	recv, method string
	// classLevel: the receiver starts with an imported name followed by an
	// attribute (User.query.filter(...)), so where that name is a class,
	// the attribute is the class's, not an instance's.
	classLevel bool
	// roundTrip and contract: what roundTripAt says of a database call
	// here.
	roundTrip bool
	contract  []string
	// pathCost is the cost class (blocked.bounded) the call would have on
	// a pathlib path, worked out while the tree is at hand.
	pathCost string
}

// deferValueCall keeps a method call whose receiver's type names
// something of the repository (an instance of an imported class, what an
// imported factory returns) for crossModule; it reports whether it did.
func (c *fileCheck) deferValueCall(call *pyindex.Call) bool {
	if call.Method == "" || call.Receiver == nil || call.Callee != "" || call.Awaited || call.Function == nil || c.offloadOf(call) != nil {
		return false
	}
	t := c.m.TypeOf(call.Receiver)
	if t == "" || !c.graph.Known(t) {
		return false
	}
	d := c.deferred(call)
	d.recv, d.method, d.classLevel = t, call.Method, c.classLevel(call.Receiver)
	if pathIO[call.Method] || pathStat[call.Method] {
		d.pathCost = c.fileCost(call, &blocked{fam: famFile}, "pathlib.Path."+call.Method).bounded
	}
	c.imported = append(c.imported, d)
	return true
}

// classLevel reports whether an expression starts with a name followed by
// an attribute: Storage.build(...).x, not Storage(...).x or s.x; a name
// assigned such an expression (q = User.query.filter(...)) does too.
func (c *fileCheck) classLevel(n *python.Node) bool {
	for range maxValueDepth * 4 {
		n = n.Unparen()
		var inner *python.Node
		switch n.Type() {
		case "attribute":
			inner = n.ChildByField("object")
			if inner != nil && inner.Unparen().Type() == "identifier" {
				if b := c.m.Lookup(inner.Unparen().Text(), inner); b != nil && b.Kind == pyindex.ImportBinding {
					return true
				}
			}
		case "call":
			inner = n.ChildByField("function")
		case "subscript":
			inner = n.ChildByField("value")
		case "identifier":
			if b := c.m.Lookup(n.Text(), n); b != nil && b.Annotation == nil && b.Kind == pyindex.AssignBinding {
				inner = b.Value
			}
		}
		if inner == nil {
			return false
		}
		n = inner
	}
	return false
}

func (c *fileCheck) deferred(call *pyindex.Call) deferredCall {
	d := deferredCall{file: c.f, fn: call.Function.Start(), text: calleeText(call), caller: call.Function.QualName,
		pos: c.f.Pos(call.Node.Start()), end: c.f.Pos(call.Node.End())}
	d.roundTrip, d.contract = c.roundTripAt(call)
	return d
}

// roundTripFamily returns fam when it is a round trip's (a database or
// Redis call, see roundTrip), else nil.
func roundTripFamily(fam *family) *family {
	if fam == famDB || fam == famRedis {
		return fam
	}
	return nil
}

// tripTo names what a round trip of fam goes to (blocked.tripTo).
func tripTo(fam *family) string {
	if fam == famRedis {
		return "Redis"
	}
	return "database"
}

// maxValueDepth bounds how many modules a value is followed through (a
// factory that returns what another module's factory returns).
const maxValueDepth = 4

// crossModule judges the deferred calls: it follows names and values
// into the modules of the repository that define them, through
// re-exports (requestpath.Graph.ModuleOf), reading each module's digest
// (moduleDigest), which pyindex keeps from the module's one parse by
// whichever pass, so the work grows with the calls, not with calls times
// modules, and no module is parsed twice.
type crossModule struct {
	ix    *pyindex.Index
	graph *requestpath.Graph
	s     *settings

	values map[valueKey]value
	// own memoizes digest per module a call led to: the digest pyindex
	// kept, or one made here for a module the hook declined
	// (seldomCalled); nil for a module that does not parse.
	own map[*pass.File]*moduleDigest
}

type valueKey struct {
	from       *pass.File
	name       string
	classLevel bool
}

// A helperVerdict is what a sync function of another module does that
// blocks.
type helperVerdict struct {
	file  *pass.File
	qual  string
	line  int
	what  string
	rule  string
	bound string
	trip  *family // famDB or famRedis when the worst link is a round trip to one, else nil
	at    [2]token.Pos
}

// A value is what a name or expression of another module holds: an
// instance of a class of the repository (class, defined in file), or a
// value of a library type as TypeOf spells it (typ).
type value struct {
	file  *pass.File
	class *classDigest
	typ   string
	// origin says where the value comes from, for messages: "what
	// make_session of app/clients.py returns", "client of app/http.py", "an
	// Api of app/clients.py". It is the first link that leaves the calling
	// module, which is what its reader can look up.
	origin string
}

func (v value) ok() bool { return v.class != nil || v.typ != "" }

func newCrossModule(ix *pyindex.Index, graph *requestpath.Graph, s *settings) *crossModule {
	return &crossModule{ix: ix, graph: graph, s: s, values: map[valueKey]value{}, own: map[*pass.File]*moduleDigest{}}
}

// digest returns the digest of a module of the repository, parsing it
// only when no pass did, or when the hook declined it and its tree is
// gone (pyindex.Index.Shared); nil when it does not parse.
func (x *crossModule) digest(f *pass.File) *moduleDigest {
	if md, done := x.own[f]; done {
		return md
	}
	d, known := x.ix.DigestOf(f, moduleDigests)
	if !known || d == declined {
		m := x.ix.Shared(f) // runs the hook when nobody parsed f
		if d, _ = x.ix.DigestOf(f, moduleDigests); d == declined && m != nil {
			d = digestModule(x.s, f, m)
		}
	}
	md, _ := d.(*moduleDigest)
	if md == declined {
		md = nil
	}
	x.own[f] = md
	return md
}

// judge reports the deferred calls that block: calls of sync helpers
// imported from other modules of the repository whose own body blocks, as
// ARX110 reports local ones (a helper moved to a utility module blocks the
// loop as much); calls of sync methods of classes of the repository that
// block; and calls on values of a blocking library type that another
// module's factory returns. Only calls on the request path (or in an
// application whose entry points the graph does not see) are followed:
// parsing the modules a library or a test reaches would cost more than
// its notes are worth. Helpers and methods are followed one level deep.
func (x *crossModule) judge(calls []deferredCall) []heldFinding {
	var out []heldFinding
	for _, dc := range calls {
		if place := x.graph.Place(dc.file, dc.fn); place.Kind != requestpath.Serving &&
			!(place.Kind == requestpath.Unreached && place.Unseen) {
			continue
		}
		if h, ok := x.judgeCall(dc); ok {
			out = append(out, h)
		}
	}
	return out
}

func (x *crossModule) judgeCall(dc deferredCall) (heldFinding, bool) {
	if dc.name == "" {
		return x.methodCall(dc, x.resolve(dc.file, dc.recv, dc.classLevel, 0), dc.method)
	}
	tf, rest := x.graph.ModuleOf(dc.file, dc.name)
	if tf == nil || tf == dc.file || rest == "" {
		return heldFinding{}, false
	}
	head, method, dotted := strings.Cut(rest, ".")
	if !dotted {
		if d := x.digest(tf); d != nil {
			if g, ok := d.globals[head]; ok && g.kind == pyindex.DefBinding {
				return x.helperFinding(dc, "helper", g.fn)
			}
		}
		return heldFinding{}, false
	}
	if strings.Contains(method, ".") {
		return heldFinding{}, false
	}
	// Class.method() is a static or class method; instance.method() a
	// method of the instance the module holds.
	if d := x.digest(tf); d != nil {
		if g, ok := d.globals[head]; ok && g.kind == pyindex.ClassBinding {
			fn, _, _ := x.findMethod(value{file: tf, class: g.class}, method, 0)
			if fn != nil && fn.static {
				return x.helperFinding(dc, "method", fn)
			}
			return heldFinding{}, false
		}
	}
	return x.methodCall(dc, x.resolve(dc.file, strings.TrimSuffix(dc.name, "."+method), false, 0), method)
}

// methodCall judges a call of method on a value: a sync method of a class
// of the repository whose body blocks (ARX110), or a blocking method of a
// library type (the library's rule).
func (x *crossModule) methodCall(dc deferredCall, v value, method string) (heldFinding, bool) {
	if !v.ok() {
		return heldFinding{}, false
	}
	if v.class != nil {
		fn, _, base := x.findMethod(v, method, 0)
		if fn != nil {
			return x.helperFinding(dc, "method", fn)
		}
		if base == "" {
			return heldFinding{}, false
		}
		v.typ = base
	}
	var b *blocked
	if r := typeRuleFor(v.typ, method); r != nil && r.fam != famSocket && r.fam != famProc {
		b = &blocked{fam: r.fam, name: fmt.Sprintf("%s (%s.%s)", dc.text, v.typ, method)}
		switch {
		case r == fileTypes:
			b.bounded = boundedOneFile
		case roundTripFamily(r.fam) != nil:
			b.bounded, b.contract = dbCost(r.fam, dc.roundTrip, dc.contract)
			b.tripTo = tripTo(r.fam)
		}
	} else if (pathIO[method] || pathStat[method]) && isPathType(v.typ) {
		b = &blocked{fam: famFile, name: fmt.Sprintf("%s (pathlib.Path.%s)", dc.text, method), bounded: dc.pathCost}
		if pathStat[method] {
			b.fam = famStat
		}
	}
	if b == nil {
		return heldFinding{}, false
	}
	msg := fmt.Sprintf("%s in async def %s %s, on %s; %s", b.name, dc.caller, b.fam.effect, v.origin, b.fam.advice) +
		noteSuffix(b.bounded)
	return heldFinding{file: dc.file, fn: dc.fn, bounded: b.bounded, contract: b.contract, tripTo: b.tripTo, diag: acr.Diagnostic{
		Pos: dc.pos, End: dc.end, Category: b.fam.rule.ID, Message: msg,
	}}, true
}

// helperFinding reports a call of a sync function or method fn of another
// module when its own body blocks.
func (x *crossModule) helperFinding(dc deferredCall, noun string, fn *fnDigest) (heldFinding, bool) {
	if fn == nil || fn.verdict == nil {
		return heldFinding{}, false
	}
	v := fn.verdict
	bound, contract, trip := v.bound, []string(nil), ""
	if bound == "" && v.trip != nil {
		bound, contract = dbCost(v.trip, dc.roundTrip, dc.contract)
		trip = tripTo(v.trip)
	}
	msg := helperMessage(dc.text, dc.caller, noun, v.qual+" of "+v.file.Path, v.what, v.line, v.rule) + noteSuffix(bound)
	return heldFinding{file: dc.file, fn: dc.fn, bounded: bound, contract: contract, tripTo: trip, diag: acr.Diagnostic{
		Pos: dc.pos, End: dc.end, Category: RuleHelper.ID, Message: msg,
		Related: []acr.RelatedInformation{{Pos: v.at[0], End: v.at[1], Message: fmt.Sprintf("%s blocks here", v.what)}},
	}}, true
}

// resolve returns what a qualified name written in file from holds, as
// TypeOf spells the type of a value: "app.clients.Storage" (an instance),
// "app.clients.make_session" (what the factory returns),
// "app.clients.make_session.session" (an attribute of it), through
// re-exports and factories of other modules.
//
// With classLevel, a name of a class followed by a chain is read as the
// class's attributes (User.query.filter, Recipe.directory_from_id): only a
// class or static method is followed, whose return the type rules can
// judge; a class attribute or a custom descriptor (Flask-SQLAlchemy's
// Model.query) is not.
func (x *crossModule) resolve(from *pass.File, name string, classLevel bool, depth int) value {
	key := valueKey{from, name, classLevel}
	if v, done := x.values[key]; done {
		return v
	}
	x.values[key] = value{} // a cycle resolves to nothing
	v := x.lookup(from, name, classLevel, depth)
	x.values[key] = v
	return v
}

func (x *crossModule) lookup(from *pass.File, name string, classLevel bool, depth int) value {
	if depth > maxValueDepth {
		return value{}
	}
	tf, rest := x.graph.ModuleOf(from, name)
	if tf == nil || rest == "" {
		return value{}
	}
	d := x.digest(tf)
	if d == nil {
		return value{}
	}
	head, chain, _ := strings.Cut(rest, ".")
	g, ok := d.globals[head]
	if !ok {
		return value{}
	}
	v := value{file: tf, origin: head + " of " + tf.Path}
	switch g.kind {
	case pyindex.DefBinding:
		v.origin = "what " + v.origin + " returns"
		v = x.returned(v, tf, g.fn, depth)
	case pyindex.ClassBinding:
		v.class, v.origin = g.class, article(head)+" "+v.origin
		if classLevel && chain != "" {
			seg, rest, _ := strings.Cut(chain, ".")
			fn, owner, _ := x.findMethod(v, seg, 0)
			if fn == nil || !fn.static {
				return value{}
			}
			v = x.methodReturned(g.class, seg, owner, fn, depth)
			if chain = rest; chain == "" {
				return v
			}
		}
	case pyindex.AssignBinding, pyindex.AnnotationBinding:
		v = x.held(v, g.held, depth)
	case pyindex.ImportBinding:
		// A library name another module re-exports (ModuleOf follows the
		// repository's own).
		v.typ = g.imported
	}
	if chain != "" {
		v = x.follow(v, strings.Split(chain, "."), depth)
	}
	return v
}

// returned makes v hold what a call of fn, a function of file, returns.
func (x *crossModule) returned(v value, file *pass.File, fn *fnDigest, depth int) value {
	v.file = file
	return x.held(v, fn.returns, depth)
}

// methodReturned is what a call of method name of class, defined in
// owner, returns.
func (x *crossModule) methodReturned(class *classDigest, name string, owner *pass.File, fn *fnDigest, depth int) value {
	return x.returned(value{origin: "what " + class.name + "." + name + " of " + owner.Path + " returns"}, owner, fn, depth)
}

// held makes v, of the module that holds h, hold what h holds: an
// instance of a class of that module, else a value of h's type.
func (x *crossModule) held(v value, h heldDigest, depth int) value {
	if v.class = h.class; v.class == nil {
		v = x.typed(v, h.typ, depth)
	}
	return v
}

// typed makes v hold a value of type t as the module of v spells it: a
// library type, or something of the repository, followed further.
func (x *crossModule) typed(v value, t string, depth int) value {
	if t == "" {
		return value{}
	}
	if x.graph.Known(t) {
		if w := x.resolve(v.file, t, false, depth+1); w.ok() {
			w.origin = v.origin
			return w
		}
	}
	v.typ, v.class = t, nil
	return v
}

// follow applies the attributes and method calls of a chain to a value,
// as TypeOf spells them: s.session, s.client().
func (x *crossModule) follow(v value, chain []string, depth int) value {
	for _, seg := range chain {
		if !v.ok() {
			return v
		}
		if v.class == nil {
			v.typ += "." + seg
			continue
		}
		if fn, owner, _ := x.findMethod(v, seg, 0); fn != nil {
			v = x.methodReturned(v.class, seg, owner, fn, depth)
			continue
		}
		h, ok := v.class.attrs[seg]
		if !ok {
			return value{}
		}
		v = x.held(value{file: v.file, origin: v.origin}, h, depth)
	}
	return v
}

// findMethod returns the method name of the class of v or of its bases,
// with the file that defines it; without one, base is the first library
// base class (a subclass of requests.Session), whose methods the type
// rules judge.
func (x *crossModule) findMethod(v value, name string, depth int) (fn *fnDigest, owner *pass.File, base string) {
	if v.class == nil || depth > maxValueDepth {
		return nil, nil, ""
	}
	if fn := v.class.methods[name]; fn != nil {
		return fn, v.file, ""
	}
	for _, b := range v.class.bases {
		if b.local != nil {
			if f, o, bt := x.findMethod(value{file: v.file, class: b.local}, name, depth+1); f != nil || bt != "" {
				return f, o, bt
			}
			continue
		}
		if x.graph.Known(b.qual) {
			if w := x.resolve(v.file, b.qual, false, depth+1); w.class != nil {
				if f, o, bt := x.findMethod(w, name, depth+1); f != nil || bt != "" {
					return f, o, bt
				}
				continue
			}
		}
		if base == "" {
			base = b.qual
		}
	}
	return nil, nil, base
}

// article returns "a" or "an" for a name, as it is read aloud.
func article(name string) string {
	if name != "" && strings.ContainsRune("AEIOUaeiou", rune(name[0])) {
		return "an"
	}
	return "a"
}
