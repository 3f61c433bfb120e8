package asyncradar

import (
	"strings"

	"github.com/acrvet/acr/pass"
	"github.com/acrvet/acr/pass/python"
	"github.com/acrvet/acr/passes/pyindex"
	"github.com/acrvet/acr/passes/requestpath"
)

// A synchronous database round trip costs the event loop a few
// milliseconds, a Redis command less. In an async def that awaits nothing, or nothing but the
// request's own body, every such call is worth an error: making the
// handler a plain def moves all of them to the thread pool at once, for
// free. In an async def that must stay async for what it awaits (an HTTP
// client, a websocket, another coroutine), the fix is to move the session
// to AsyncSession or to offload each call: reviewers of real services keep
// one short round trip there as a remark, not a defect. Such a round trip
// is a note (roundTripNote), unless it runs once per item of a
// collection, where the round trips add up.
//
// A method of a class that subclasses a class of another package (an
// SDK's token storage, a client library's hook) is async because that
// interface says so, even when it awaits nothing: it cannot become a
// plain def either (boundedContract). Whether a base is another
// package's is known only once every module is, so such a round trip is
// held with its bases (blocked.contract) and judged by contractBase.

// roundTrip returns b marked as a bounded database round trip when the
// call at call (a direct call or a call of a helper whose worst link b
// is) qualifies, else b unchanged.
func (c *fileCheck) roundTrip(call *pyindex.Call, b *blocked) *blocked {
	if b == nil || roundTripFamily(b.fam) == nil || b.bounded != "" {
		return b
	}
	stays, contract := c.roundTripAt(call)
	if !stays && contract == nil {
		return b
	}
	rt := *b
	rt.tripTo = tripTo(b.fam)
	rt.bounded, rt.contract = dbCost(b.fam, stays, contract)
	return &rt
}

// roundTripAt reports whether a database call at call would be one round
// trip (not once per item of a collection) in a function that must stay
// async for what it awaits; if it awaits nothing, contract lists the
// imported bases of its class whose interface may require it to be async.
func (c *fileCheck) roundTripAt(call *pyindex.Call) (stays bool, contract []string) {
	if call.Function == nil || overItems(call) {
		return false, nil
	}
	if c.staysAsync(call.Function) {
		return true, nil
	}
	return false, c.importedBases(call.Function)
}

// importedBases returns the qualified names of the bases of fn's class
// that an absolute import binds, web frameworks' handler classes excepted:
// their methods may be plain defs.
func (c *fileCheck) importedBases(fn *pyindex.Function) []string {
	if fn.Class == nil {
		return nil
	}
	var out []string
	for _, base := range fn.Class.Bases {
		head := pyindex.HeadName(base)
		if head == nil {
			continue
		}
		if b := c.m.Lookup(head.Text(), head); b == nil || b.Kind != pyindex.ImportBinding {
			continue
		}
		q := c.m.QualifiedName(base.Unparen())
		if q == "" || strings.HasPrefix(q, ".") || handlerFrameworks[strings.SplitN(q, ".", 2)[0]] {
			continue
		}
		out = append(out, q)
	}
	return out
}

// handlerFrameworks are the packages whose handler classes accept sync
// methods as well as async ones.
var handlerFrameworks = setOf("tornado", "django", "rest_framework", "starlette", "fastapi", "flask", "litestar", "sanic")

// contractBase returns the first of bases that no module of the
// repository defines, or "". A name whose module the repository does not
// hold (mcp.client.auth.TokenStorage beside a package of its own named
// mcp resolves at best to that package, with "client.auth.TokenStorage"
// left over) is another package's.
func contractBase(graph *requestpath.Graph, from *pass.File, bases []string) string {
	for _, q := range bases {
		if f, rest := graph.ModuleOf(from, q); f == nil || strings.Contains(rest, ".") {
			return q
		}
	}
	return ""
}

// dbCost returns the cost class of a round trip of fam (a database call,
// or a helper whose worst link is one) at a call of which roundTripAt
// said stays and contract: bounded, or the bases whose interface may keep
// the caller async.
func dbCost(fam *family, stays bool, contract []string) (bounded string, bases []string) {
	if stays {
		return roundTripNote(fam), nil
	}
	return "", contract
}

// roundTripNote is the bounded reason of a round trip of fam (famDB or
// famRedis) in a function that must stay async for what it awaits.
func roundTripNote(fam *family) string {
	return "it is a " + tripTo(fam) + " round trip in a function that must stay async for what it awaits"
}

// contractNote is the bounded reason of a round trip in a method whose
// base class base is another package's; to names what the trip goes to
// (blocked.tripTo, "" for a database).
func contractNote(base, to string) string {
	if to == "" {
		to = tripTo(famDB)
	}
	return "it is a " + to + " round trip in a method that the interface of " + base + " may require to be async"
}

// staysAsync reports whether fn's own body awaits something other than
// the request's body (await, async with, async for), so that it cannot
// simply become a plain def.
func (c *fileCheck) staysAsync(fn *pyindex.Function) bool {
	if v, ok := c.awaiting[fn]; ok {
		return v
	}
	found := false
	python.InspectOwn(fn.Body, func(n *python.Node) bool {
		if found || !n.IsNamed() { // the await keyword is an anonymous await node
			return false
		}
		switch n.Type() {
		case "await":
			if op := n.NamedChild(0); op == nil || !c.requestBodyRead(c.m.Call(op.Unparen())) {
				found = true
			}
		case "with_statement", "for_statement", "for_in_clause":
			if first := n.Child(0); first != nil && first.Type() == "async" {
				found = true
			}
		}
		return !found
	})
	if c.awaiting == nil {
		c.awaiting = map[*pyindex.Function]bool{}
	}
	c.awaiting[fn] = found
	return found
}

// requestBodyTypes are the framework types whose reads a plain def gets
// as parameters instead: an upload's content, the request's JSON, body or
// form.
var requestBodyTypes = setOf("fastapi.Request", "fastapi.requests.Request", "starlette.requests.Request",
	"fastapi.UploadFile", "fastapi.datastructures.UploadFile", "starlette.datastructures.UploadFile")

var requestBodyMethods = setOf("read", "json", "body", "form")

// requestBodyRead reports whether call reads the body of the request the
// function serves: await file.read() of an UploadFile parameter (or of an
// item of a list of them), await request.json().
func (c *fileCheck) requestBodyRead(call *pyindex.Call) bool {
	return call != nil && call.Receiver != nil && requestBodyMethods[call.Method] && c.requestValue(call.Receiver)
}

// requestValue reports whether expr is the request a handler serves or an
// upload it received: a parameter annotated with one of requestBodyTypes,
// or the variable of a loop over a parameter annotated list[UploadFile].
func (c *fileCheck) requestValue(expr *python.Node) bool {
	recv := expr.Unparen()
	if recv == nil { // an attribute without its object, in a tree with syntax errors
		return false
	}
	if requestBodyTypes[c.m.TypeOf(recv)] {
		return true
	}
	if recv.Type() != "identifier" {
		return false
	}
	// for file in files: where files is annotated list[UploadFile].
	b := c.m.Lookup(recv.Text(), recv)
	if b == nil || b.Kind != pyindex.ForBinding || b.Stmt == nil {
		return false
	}
	return c.uploadLoop(b.Stmt.ChildByField("right"))
}

// uploadList reports whether a parameter is annotated as a collection of
// uploads (list[UploadFile]).
func (c *fileCheck) uploadList(pb *pyindex.Binding) bool {
	if pb.Annotation == nil {
		return false
	}
	named := false
	python.Inspect(pb.Annotation, func(n *python.Node) bool {
		if n.Type() == "identifier" || n.Type() == "attribute" {
			if q := c.m.QualifiedName(n); requestBodyTypes[q] || strings.HasSuffix(q, ".UploadFile") {
				named = true
			}
			return false
		}
		return !named
	})
	return named
}

// uploadSource reports whether the first argument of a copy is the file
// of an upload the handler received (upload.file).
func (c *fileCheck) uploadSource(call *pyindex.Call) bool {
	a := call.Positional(0)
	if a == nil || a.Value == nil {
		return false
	}
	n := a.Value.Unparen()
	if attr := n.ChildByField("attribute"); n.Type() != "attribute" || attr == nil || attr.Text() != "file" {
		return false
	}
	return c.requestValue(n.ChildByField("object"))
}
