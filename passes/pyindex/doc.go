// Package pyindex defines the helper analyzer every Python pass requires,
// as go/analysis passes require inspect: it summarizes a Python module
// once per run, whichever pass asks first, so passes share the parse and
// the name resolution.
//
// # API
//
//	var Analyzer // Name "pyindex", Kinds [pass.Python], no rules
//
//	ix := pass.ResultOf[pyindex.Analyzer].(*pyindex.Index)
//	m, err := ix.Module(f) // lazy: parses f (python.Parse) and builds on first call
//	for _, c := range m.Calls {
//		c.Callee      // "time.sleep", "requests.get", "h2o.import_mojo"; "" for local names
//		c.OnLoop      // runs on an async def's event loop body
//		c.Awaited     // operand of await
//		c.Receiver    // self.client in self.client.get(); m.TypeOf(c.Receiver) == "httpx.Client"
//		c.Target      // the module's own function it calls (helper(), self.m())
//		c.Keyword("timeout"), c.Positional(0), c.Candidates() // star imports
//	}
//
// Run does not parse: passes have their own triggers, so a file is parsed
// only when one of them asks for its Module.
//
// The tree dies when the driver releases the file, but what Global binds
// the module's defs and re-exports to stays (ix.GlobalOf(f, name)): a check
// that runs after every pass is done with a module (requestpath's
// ModuleOf, asyncradar's calls into other modules) learns whether an
// imported name is a function or a re-export there without parsing it
// again. A pass that needs more of such modules registers a digest
// (pyindex.RegisterDigest, from an init function): every Index runs it over
// each module it builds while the tree is alive, and ix.DigestOf(f, d)
// returns what it kept (asyncradar keeps, per module, what its functions
// block on and return, its classes' methods, bases and attributes, so its
// calls into other modules parse nothing again). ix.Shared(f) parses a
// file no pass may have handed the caller, through the memo while some
// pass still reads it, else outside it, and keeps the same.
//
// A Module holds:
//   - Imports: plain, aliased, from-, relative (Level + Module), star
//     (recorded, resolved best-effort through Call.Candidates),
//     function-local and conditional imports (bound in the scope that runs
//     them), TYPE_CHECKING imports flagged TypeOnly.
//   - Scopes: module, class, function, lambda and comprehension scopes
//     with every binding (parameter, assignment, annotation, for, with,
//     walrus, except-as, match capture, def, class, del, import), honoring
//     global and nonlocal. Lookup resolves a name at a node as Python does:
//     class bodies are skipped from nested scopes, defaults, decorators and
//     a comprehension's first iterable evaluate outside, and a local that
//     shadows an import (def f(time): time.sleep(1)) is not the module.
//   - Functions (def and async def): qualified name, decorators resolved,
//     parameters with annotations and defaults, class, parent, calls.
//   - Calls: resolved qualified callee, raw text, receiver and method,
//     arguments, awaited, innermost function, and OnLoop: in an async
//     def's body, comprehensions included, not in a nested def, lambda or
//     class body.
//   - Types: TypeOf(expr) names what produced a value, best-effort:
//     constructor or factory calls, with targets, module globals, self
//     attributes set in any method (__init__ first) or declared at class
//     level, properties with a return annotation, annotated parameters
//     and assignments (Optional, unions with None, Annotated, strings); a
//     name declared with an annotation keeps that type through later
//     plain assignments; attributes and items of a typed value extend its
//     type (es.indices, client["db"]); sessionmaker(class_=X) makes X.
//     QualifiedName reads getattr(module, "name") with a constant name.
//   - Helpers: StringValue (literals, implicit concatenation, escapes;
//     f-strings with placeholders are dynamic), QualifiedName, ScopeAt,
//     FunctionAt, Imported.
//
// Resolution is static and intra-module: a function of the module gives
// its return annotation, or the type all its return values share; values
// flowing through containers, other modules and dynamic attribute access
// are not followed.
package pyindex
