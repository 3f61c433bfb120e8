package pyindex

import (
	"go/token"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/pass"
	"github.com/acrvet/acr/pass/python"
)

func build(t testing.TB, src string) *Module {
	t.Helper()
	tree, err := python.ParseBytes([]byte(src))
	require.NoError(t, err, "test source must parse")
	return Build(tree)
}

var wantRE = regexp.MustCompile(`#\s*=>\s*(.*)$`)

// checkCalls checks every line annotated "# => CALLEE [loop] [await]"
// against the first call that starts on that line; CALLEE "-" means the
// callee does not resolve to a qualified name.
func checkCalls(t *testing.T, src string) {
	t.Helper()
	m := build(t, src)
	lines := strings.Split(src, "\n")
	offset := 0
	checked := 0
	for i, line := range lines {
		start := offset
		offset += len(line) + 1
		mt := wantRE.FindStringSubmatch(line)
		if mt == nil {
			continue
		}
		var call *Call
		for _, c := range m.Calls {
			if c.Node.Start() >= start && c.Node.Start() < start+len(line) {
				call = c
				break
			}
		}
		require.NotNil(t, call, "line %d: no call", i+1)
		fields := strings.Fields(mt[1])
		want := fields[0]
		if want == "-" {
			want = ""
		}
		assert.Equal(t, want, call.Callee, "line %d: %s", i+1, line)
		flags := strings.Join(fields[1:], " ")
		assert.Equal(t, strings.Contains(flags, "loop"), call.OnLoop, "line %d: OnLoop: %s", i+1, line)
		assert.Equal(t, strings.Contains(flags, "await"), call.Awaited, "line %d: Awaited: %s", i+1, line)
		checked++
	}
	require.Positive(t, checked)
}

func TestImportForms(t *testing.T) {
	checkCalls(t, `
import a.b
import a.b as c
from m import n as k
from time import sleep
from . import utils
from ..pkg import mod as md
from .sib import helper
import os, os.path as osp
from h2o import (import_mojo,
                 upload_mojo as up)
a.b.c()  # => a.b.c
c.f()  # => a.b.f
k()  # => m.n
sleep(1)  # => time.sleep
utils.f()  # => .utils.f
md.g()  # => ..pkg.mod.g
helper()  # => .sib.helper
os.system("x")  # => os.system
osp.join("a")  # => os.path.join
import_mojo("m.zip")  # => h2o.import_mojo
up("m.zip")  # => h2o.upload_mojo
h2o.H2OFrame(df)  # => h2o.H2OFrame
print("unbound names stand for themselves")  # => print
`)
}

func TestImportRecords(t *testing.T) {
	m := build(t, `
import a.b
from ..m import n as k
from x import *
from __future__ import annotations
from typing import TYPE_CHECKING
if TYPE_CHECKING:
    from requests import Session
else:
    Session = None
try:
    import ujson as json
except ImportError:
    import json
def f():
    import numpy as np
`)
	byBound := map[string]*Import{}
	for _, imp := range m.Imports {
		byBound[imp.Bound+"/"+imp.Qualified] = imp
	}
	ab := byBound["a/a"]
	require.NotNil(t, ab)
	assert.Equal(t, "a.b", ab.Module)
	assert.False(t, ab.Conditional)

	k := byBound["k/..m.n"]
	require.NotNil(t, k)
	assert.Equal(t, 2, k.Level)
	assert.Equal(t, "m", k.Module)
	assert.Equal(t, "n", k.Name)
	assert.Equal(t, "k", k.Alias)

	require.Len(t, m.StarImports(), 1)
	assert.Equal(t, "x", m.StarImports()[0].Module)
	assert.True(t, m.StarImports()[0].Star)

	sess := byBound["Session/requests.Session"]
	require.NotNil(t, sess)
	assert.True(t, sess.TypeOnly)
	assert.True(t, sess.Conditional)

	uj := byBound["json/ujson"]
	require.NotNil(t, uj)
	assert.True(t, uj.Conditional)
	assert.False(t, uj.TypeOnly)

	np := byBound["np/numpy"]
	require.NotNil(t, np)
	assert.Equal(t, FunctionScope, np.Scope.Kind)
	assert.False(t, np.Conditional)
	assert.Nil(t, m.ImportOf("np"), "a function-local import binds in the function")
	assert.NotNil(t, m.Imported("numpy"))
	assert.NotNil(t, m.Imported("a"))
	assert.Nil(t, m.Imported("m"), "relative imports are not absolute modules")
	assert.Equal(t, "ujson", m.ImportOf("json").Module, "the handler's import is the fallback")
}

func TestScopesAndShadowing(t *testing.T) {
	checkCalls(t, `
import time
import requests
from time import sleep

async def param(time):
    time.sleep(1)  # => - loop

async def assigned():
    requests = FakeRequests()  # => FakeRequests loop
    requests.get("u")  # => - loop

async def later_assign():
    time.sleep(1)  # => - loop
    time = 3

async def for_target(items):
    for sleep in items:
        sleep(1)  # => - loop

async def with_target():
    with make() as requests:  # => make loop
        requests.get("u")  # => - loop

async def walrus():
    if (sleep := pick()):  # => pick loop
        sleep(1)  # => - loop

async def excepted():
    try:
        pass
    except Exception as time:
        time.sleep(1)  # => - loop

async def matched(cmd):
    match cmd:
        case [requests, *rest]:
            requests.get("u")  # => - loop
        case {"k": time}:
            time.sleep(1)  # => - loop
        case Point(x=sleep):
            sleep(1)  # => - loop
        case other:
            other()  # => - loop
    sleep(2)  # => - loop

async def lambda_param():
    f = lambda time: time.sleep(1)  # => - 
    g = lambda: time.sleep(1)  # => time.sleep

async def comprehension(xs):
    return [time.sleep(x) for time in xs]  # => - loop

async def not_shadowed():
    time.sleep(1)  # => time.sleep loop
    requests.get("u")  # => requests.get loop
    sleep(1)  # => time.sleep loop

def star_args(*time, **requests):
    time.sleep(1)  # => -
    requests.get(1)  # => -

def kwonly(*, sleep=None):
    sleep(1)  # => -

class C:
    time = FakeTime()  # => FakeTime
    time.sleep(1)  # => -
    def m(self):
        time.sleep(1)  # => time.sleep

def outer():
    requests = Fake()  # => Fake
    def inner():
        requests.get(1)  # => -
    return inner
`)
}

func TestGlobalNonlocalAndFallbacks(t *testing.T) {
	checkCalls(t, `
import time
try:
    import requests
except ImportError:
    requests = None

def patch():
    global time
    time = FakeTime()  # => FakeTime
    time.sleep(1)  # => -

async def uses():
    time.sleep(1)  # => time.sleep loop
    requests.get("u")  # => requests.get loop

def outer():
    import httpx
    def inner():
        nonlocal httpx
        httpx = None
    async def use():
        httpx.get("u")  # => httpx.get loop
`)
	m := build(t, "def f():\n    global g\n    g = 1\n")
	require.Len(t, m.Scope.Bindings["g"], 1)
	fs := m.Functions[0].Scope
	assert.True(t, fs.IsGlobal("g"))
	assert.Empty(t, fs.Bindings["g"])
}

func TestOnLoop(t *testing.T) {
	checkCalls(t, `
import time, asyncio, functools

@decorate(time.time())  # => decorate
async def handler(x=time.time()):  # => time.time
    time.sleep(1)  # => time.sleep loop
    await asyncio.sleep(1)  # => asyncio.sleep loop await
    await (asyncio.sleep(1))  # => asyncio.sleep loop await
    [time.sleep(i) for i in range(3)]  # => time.sleep loop
    {k: time.sleep(k) for k in range(3)}  # => time.sleep loop
    sum(time.sleep(i) for i in range(3))  # => sum loop
    list(time.sleep(i) for i in [1])  # => list loop

    @functools.lru_cache(maxsize=time.sleep(0))  # => functools.lru_cache loop
    def nested(y=time.sleep(0)):  # => time.sleep loop
        time.sleep(1)  # => time.sleep

    async def nested_async():
        time.sleep(1)  # => time.sleep loop

    cb = lambda: time.sleep(1)  # => time.sleep

    class Inner:
        x = time.sleep(1)  # => time.sleep

    await asyncio.to_thread(time.sleep, 1)  # => asyncio.to_thread loop await
    loop = asyncio.get_running_loop()  # => asyncio.get_running_loop loop
    await loop.run_in_executor(None, functools.partial(time.sleep, 1))  # => - loop await

def sync():
    time.sleep(1)  # => time.sleep

time.sleep(1)  # => time.sleep
`)
}

func TestFunctions(t *testing.T) {
	m := build(t, `
import fastapi
from functools import lru_cache as cache
app = fastapi.FastAPI()

@app.get("/items/{id}", tags=["x"])
@cache
async def read(id: int, q: "str | None" = None, /, *args: int, flag: bool = False, **kw) -> dict:
    def helper(): pass
    return {}

class Service(Base):
    @staticmethod
    def make(x): pass
    async def run(self, n):
        lambda: None
    @property
    def name(self): pass
`)
	require.Len(t, m.Functions, 5)
	read := m.Functions[0]
	assert.Equal(t, "read", read.Name)
	assert.Equal(t, "read", read.QualName)
	assert.True(t, read.Async)
	assert.Nil(t, read.Class)
	assert.Equal(t, "dict", read.Returns.Text())
	require.Len(t, read.Decorators, 2)
	assert.Equal(t, "", read.Decorators[0].Name, "app is a module variable, not an import")
	assert.Equal(t, "app.get", read.Decorators[0].Text)
	require.NotNil(t, read.Decorators[0].Call)
	assert.Equal(t, `"/items/{id}"`, read.Decorators[0].Call.Positional(0).Text())
	assert.Equal(t, `["x"]`, read.Decorators[0].Call.Keyword("tags").Text())
	assert.Equal(t, "functools.lru_cache", read.Decorators[1].Name)
	assert.NotNil(t, read.Decorator("functools.lru_cache"))
	assert.NotNil(t, read.Decorator("app.get"))
	assert.Equal(t, "fastapi.FastAPI", m.TypeOf(read.Decorators[0].Call.Receiver))

	var params []string
	for _, p := range read.Params {
		ann := ""
		if p.Annotation != nil {
			ann = p.Annotation.Text()
		}
		def := ""
		if p.Default != nil {
			def = p.Default.Text()
		}
		params = append(params, p.Name+":"+ann+"="+def+"/"+[]string{"pos", "kwonly", "*", "**"}[p.Kind])
	}
	assert.Equal(t, []string{`id:int=/pos`, `q:"str | None"=None/pos`, "args:int=/*", "flag:bool=False/kwonly", "kw:=/**"}, params)

	helper := m.Functions[1]
	assert.Equal(t, "read.<locals>.helper", helper.QualName)
	assert.Same(t, read, helper.Parent)
	assert.False(t, helper.Async)

	make_, run, name := m.Functions[2], m.Functions[3], m.Functions[4]
	assert.Equal(t, "Service.make", make_.QualName)
	assert.Equal(t, "", make_.SelfName(), "staticmethod has no self")
	assert.Equal(t, "self", run.SelfName())
	assert.True(t, run.Async)
	assert.Equal(t, "Service.name", name.QualName)
	require.Len(t, m.Classes, 1)
	cls := m.Classes[0]
	assert.Equal(t, []*Function{make_, run, name}, cls.Methods)
	assert.Same(t, cls, run.Class)
	assert.Equal(t, "Base", cls.Bases[0].Text())
	assert.Same(t, run, cls.Method("run"))
	assert.Same(t, read, m.Function(read.Node))
	assert.Same(t, cls, m.Class(cls.Node))
	assert.Equal(t, []*Function{run}, m.FunctionsNamed("Service.run"))
	assert.Equal(t, read.Start(), read.Node.Start())
	assert.Greater(t, read.End(), read.Start())
}

func TestCallDetails(t *testing.T) {
	m := build(t, `
import requests
def helper(): pass
class K:
    def a(self):
        self.b(1, *xs, key="v", **kw)
        helper()
    def b(self, *a, **k): pass
async def h(session):
    r = await session.get("u", timeout=3)
    return r.json()
`)
	calls := map[string]*Call{}
	for _, c := range m.Calls {
		calls[c.Text] = c
	}
	b := calls["self.b"]
	require.NotNil(t, b)
	assert.Equal(t, "b", b.Method)
	assert.Equal(t, "self", b.Receiver.Text())
	assert.Equal(t, m.Classes[0].Method("b"), b.Target)
	assert.Equal(t, m.Classes[0].Method("a"), b.Function)
	assert.True(t, b.HasStarArgs())
	require.Len(t, b.Args, 4)
	assert.Equal(t, "1", b.Positional(0).Text())
	assert.Nil(t, b.Positional(1))
	assert.Equal(t, "*", b.Args[1].Star)
	assert.Equal(t, "xs", b.Args[1].Text())
	assert.Equal(t, `"v"`, b.Keyword("key").Text())
	assert.Equal(t, "**", b.Args[3].Star)
	assert.Same(t, b.Positional(0), b.Arg(0, "x"))
	assert.Same(t, b.Keyword("key"), b.Arg(5, "key"))
	assert.Same(t, b, m.Call(b.Node))

	hc := calls["helper"]
	require.NotNil(t, hc)
	assert.Equal(t, m.Functions[0], hc.Target)
	assert.Equal(t, DefBinding, hc.Binding.Kind)
	assert.Equal(t, "", hc.Callee)

	g := calls["session.get"]
	require.NotNil(t, g)
	assert.True(t, g.Awaited)
	assert.True(t, g.OnLoop)
	assert.Equal(t, ParamBinding, g.Binding.Kind)
	assert.Equal(t, "3", g.Keyword("timeout").Text())
	assert.Len(t, m.Functions[3].Calls, 2)

	gen := build(t, "sum(x for x in y)\n").Calls[0]
	require.Len(t, gen.Args, 1)
	assert.Equal(t, "generator_expression", gen.Args[0].Value.Type())
}

func TestStarImportCandidates(t *testing.T) {
	m := build(t, "from time import *\nfrom os import *\nasync def f(sleep2):\n    sleep(1)\n    sleep2(1)\n")
	var sleep, sleep2 *Call
	for _, c := range m.Calls {
		switch c.Text {
		case "sleep":
			sleep = c
		case "sleep2":
			sleep2 = c
		}
	}
	assert.Equal(t, []string{"sleep", "time.sleep", "os.sleep"}, sleep.Candidates())
	assert.Nil(t, sleep2.Candidates(), "a parameter is not a star import")
}

// TestTypeOfReturned follows values through the return of a function of
// the module without a return annotation, and path / "name" on a path.
func TestTypeOfReturned(t *testing.T) {
	m := build(t, `
import tempfile
from pathlib import Path
import httpx

def get_temporary_path():
    return Path(tempfile.gettempdir()) / "acr"

def client(fast):
    if fast:
        return httpx.Client(http2=True)
    return httpx.Client()

def mixed(flag):
    if flag:
        return Path(".")
    return httpx.Client()

def maybe(flag):
    if not flag:
        return None
    return Path(".")

def loop():
    return loop()

def gen():
    yield Path(".")

probe(get_temporary_path(), get_temporary_path() / "x", client(True), mixed(1), maybe(0), loop(), gen())
`)
	var probe *Call
	for _, c := range m.Calls {
		if c.Text == "probe" {
			probe = c
		}
	}
	require.NotNil(t, probe)
	want := []string{"pathlib.Path", "pathlib.Path", "httpx.Client", "", "pathlib.Path", "", ""}
	require.Len(t, probe.Args, len(want))
	for i, a := range probe.Args {
		assert.Equal(t, want[i], m.TypeOf(a.Value), "arg %d: %s", i, a.Text())
	}
}

// TestReturnedClass finds the class of the module whose instance a
// function returns, which TypeOf spells by its first base, and what
// another module sees a name bound to.
func TestReturnedClass(t *testing.T) {
	m := build(t, `
import httpx

class Storage:
    def upload(self): ...

class Api(httpx.Client):
    pass

def make():
    s = Storage()
    return s

def annotated() -> Storage:
    return build_it()

def either(flag):
    if flag:
        return Storage()
    return Api()

def gen():
    yield Storage()

async def coro():
    return Storage()

def client() -> httpx.Client:
    return httpx.Client()

storage = Storage()
storage = make()
`)
	fn := func(name string) *Function { return m.Global(name).Function }
	storage := m.Global("Storage").Class
	require.NotNil(t, storage)
	assert.Same(t, storage, m.ReturnedClass(fn("make")))
	assert.Same(t, storage, m.ReturnedClass(fn("annotated")))
	assert.Nil(t, m.ReturnedClass(fn("either")), "two classes")
	assert.Nil(t, m.ReturnedClass(fn("gen")), "a generator")
	assert.Nil(t, m.ReturnedClass(fn("coro")), "a coroutine")
	assert.Nil(t, m.ReturnedClass(fn("client")))
	assert.Equal(t, "httpx.Client", m.ReturnType(fn("client")))
	assert.True(t, fn("gen").IsGenerator())
	assert.False(t, fn("make").IsGenerator())
	// The last binding is what an importer sees.
	b := m.Global("storage")
	require.NotNil(t, b)
	assert.Equal(t, "make()", b.Value.Text())
	assert.Nil(t, m.InstanceClass(b.Value), "a call of a function, not of the class")
	assert.Same(t, storage, m.InstanceClass(m.Scope.Bindings["storage"][0].Value))
	assert.Nil(t, m.Global("missing"))
}

func TestTypeOf(t *testing.T) {
	src := `
import requests, httpx, redis, asyncpg
from typing import Optional, Annotated, TYPE_CHECKING
from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker
import typing as t
if TYPE_CHECKING:
    from requests import Session

CLIENT = redis.Redis(host="r")
ENGINE = create_engine("sqlite://")

def make_session() -> requests.Session:
    return requests.Session()

class MySession(requests.Session):
    pass

class Svc:
    pool: asyncpg.Pool
    shared = httpx.Client()

    def __init__(self):
        self.client = httpx.Client()
        self.cache = None

    def setup(self):
        self.client = None
        self.cache = redis.StrictRedis()

    async def run(self, a: requests.Session, b: "requests.Session", c: Optional[Session] = None,
                  d: "Session | None" = None, e: Annotated[Session, Depends(get)] = None,
                  f: t.Optional[httpx.Client] = None, g=requests.Session(), h: Session | None = None, *, i: int = 0):
        s = requests.Session()
        with requests.Session() as w:
            pass
        async with httpx.AsyncClient() as ac:
            pass
        conn = ENGINE.connect()
        pool = await asyncpg.create_pool()
        made = make_session()
        mine = MySession()
        if (wal := httpx.Client()):
            pass
        x = s
        y = x
        factory = sessionmaker(bind=ENGINE)
        db = factory()
        probe(a, b, c, d, e, f, g, h, i, s, w, ac, conn, pool, made, mine, wal, x, y, db,
              self.client, self.cache, self.pool, self.shared, CLIENT, unknown, self.nothing,
              lambda z: z)
`
	m := build(t, src)
	var probe *Call
	for _, c := range m.Calls {
		if c.Text == "probe" {
			probe = c
		}
	}
	require.NotNil(t, probe)
	want := []string{
		"requests.Session", "requests.Session", "requests.Session",
		"requests.Session", "requests.Session", "httpx.Client", "requests.Session", "requests.Session", "int",
		"requests.Session", "requests.Session", "httpx.AsyncClient", "sqlalchemy.create_engine.connect",
		"asyncpg.create_pool", "requests.Session", "requests.Session", "httpx.Client", "requests.Session", "requests.Session",
		"sqlalchemy.orm.sessionmaker()", "httpx.Client", "redis.StrictRedis", "asyncpg.Pool", "httpx.Client", "redis.Redis", "", "", "",
	}
	require.Len(t, probe.Args, len(want))
	for i, a := range probe.Args {
		assert.Equal(t, want[i], m.TypeOf(a.Value), "arg %d: %s", i, a.Text())
	}
	values := build(t, `
import time, io
import pymongo
from elasticsearch import Elasticsearch
from sqlalchemy.orm import sessionmaker
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

es = Elasticsearch()
AsyncLocal = sessionmaker(bind=None, class_=AsyncSession)
Plain = async_sessionmaker()

class Holder:
    @property
    def out(self) -> io.TextIOWrapper: ...

    def use(self, f: io.TextIOWrapper, client: pymongo.MongoClient):
        f = reopen()
        g: io.BufferedReader = ...
        g = 7
        probe(f, g, es.indices, client["db"]["users"], client.db.users, getattr(time, "sleep"), AsyncLocal(), Plain(), self.out)
`)
	for _, c := range values.Calls {
		if c.Text == "probe" {
			probe = c
		}
	}
	want = []string{"io.TextIOWrapper", "io.BufferedReader", "elasticsearch.Elasticsearch.indices",
		"pymongo.MongoClient.__getitem__.__getitem__", "pymongo.MongoClient.db.users", "getattr",
		"sqlalchemy.ext.asyncio.AsyncSession.factory()", "sqlalchemy.ext.asyncio.async_sessionmaker()", "io.TextIOWrapper"}
	require.Len(t, probe.Args, len(want))
	for i, a := range probe.Args {
		assert.Equal(t, want[i], values.TypeOf(a.Value), "arg %d: %s", i, a.Text())
	}
	assert.Equal(t, "time.sleep", values.QualifiedName(probe.Args[5].Value), "getattr with a constant name")
	loops := build(t, "x = x + 1\ny = z\nz = y\nprobe(x, y)\n")
	for _, a := range loops.Calls[len(loops.Calls)-1].Args {
		assert.Equal(t, "", loops.TypeOf(a.Value), "cycles end")
	}
}

func TestStringValue(t *testing.T) {
	for _, tc := range []struct {
		src, want string
		ok        bool
	}{
		{`"plain"`, "plain", true},
		{`'a\n\x41\u00e9\101\q'`, "a\nA\u00e9A\\q", true},
		{`r"\d+"`, `\d+`, true},
		{`"a" 'b' """c"""`, "abc", true},
		{`("key:" "v1")`, "key:v1", true},
		{`b"bytes"`, "bytes", true},
		{`f"static"`, "static", true},
		{`f"user:{uid}"`, "", false},
		{`"prefix:" f"{x}"`, "", false},
		{`name`, "", false},
		{`1`, "", false},
	} {
		tree, err := python.ParseBytes([]byte("x = " + tc.src + "\n"))
		require.NoError(t, err)
		rhs := tree.Root().NamedChild(0).NamedChild(0).ChildByField("right")
		got, ok := StringValue(rhs)
		assert.Equal(t, tc.ok, ok, tc.src)
		assert.Equal(t, tc.want, got, tc.src)
		isStr := strings.ContainsAny(tc.src, `"'`)
		assert.Equal(t, isStr && !tc.ok, IsDynamicString(rhs), tc.src)
	}
}

func TestScopeAt(t *testing.T) {
	m := build(t, "def f(a=x):\n    return [y for y in z]\n")
	var x, y, z *python.Node
	python.Inspect(m.Tree.Root(), func(n *python.Node) bool {
		if n.Type() == "identifier" {
			switch n.Text() {
			case "x":
				x = n
			case "y":
				y = n
			case "z":
				z = n
			}
		}
		return true
	})
	assert.Equal(t, ModuleScope, m.ScopeAt(x).Kind, "defaults evaluate outside")
	assert.Equal(t, ComprehensionScope, m.ScopeAt(y).Kind)
	assert.Equal(t, FunctionScope, m.ScopeAt(z).Kind, "the first iterable evaluates outside the comprehension")
	assert.Equal(t, "function", m.ScopeAt(z).Kind.String())
	assert.Same(t, m.Functions[0], m.FunctionAt(y))
	assert.Nil(t, m.FunctionAt(x))
	assert.Equal(t, "a", m.Lookup("a", y).Name)
	assert.Equal(t, "parameter", m.Lookup("a", y).Kind.String())
	assert.Nil(t, m.Lookup("a", x))
}

func TestSyntaxErrorsStillIndexed(t *testing.T) {
	tree, err := python.ParseBytes([]byte("import time\nasync def f(:\n    time.sleep(1)\n\nasync def g():\n    time.sleep(2\n"))
	require.Error(t, err)
	m := Build(tree)
	assert.NotEmpty(t, m.Calls)
	for _, c := range m.Calls {
		_ = m.TypeOf(c.Node)
		_ = c.Candidates()
	}
}

func TestIndexModuleIsLazyAndMemoized(t *testing.T) {
	require.NoError(t, acr.Validate([]*acr.Analyzer{Analyzer}))
	res, err := Analyzer.Run(&acr.Pass{Analyzer: Analyzer})
	require.NoError(t, err)
	ix := res.(*Index)

	fset := token.NewFileSet()
	f := pass.NewFile(fset, "svc/api.py", "svc/api.py", pass.Python, []byte("import time\nasync def f():\n    time.sleep(1)\n"), 0)
	var wg sync.WaitGroup
	mods := make([]*Module, 8)
	for i := range mods {
		wg.Go(func() {
			m, err := ix.Module(f)
			assert.NoError(t, err)
			mods[i] = m
		})
	}
	wg.Wait()
	for _, m := range mods {
		assert.Same(t, mods[0], m)
	}
	tree, _ := python.Parse(f)
	assert.Same(t, tree, mods[0].Tree, "the module shares the run's parse")
	assert.Same(t, f, mods[0].File)
	assert.Equal(t, 3, fset.Position(mods[0].Calls[0].Node.Pos()).Line)

	bad := pass.NewFile(fset, "bad.py", "bad.py", pass.Python, []byte("def f(:\n"), 0)
	m, err := ix.Module(bad)
	require.Error(t, err)
	assert.NotNil(t, m, "a recovered tree is still indexed")
	assert.Contains(t, err.Error(), "bad.py:1:")
}

func TestGlobalOfOutlivesTheTree(t *testing.T) {
	ix := &Index{}
	fset := token.NewFileSet()
	src := "from .client import make_client\nfrom .all import *\nimport os\n" +
		"def helper(): pass\nclass Api: pass\nVALUE = 1\n" +
		"try:\n    from fast import load\nexcept ImportError:\n    def load(): pass\n"
	f := pass.NewFile(fset, "app/util.py", "app/util.py", pass.Python, []byte(src), 0)
	_, _, known := ix.GlobalOf(f, "helper")
	assert.False(t, known, "nothing is known before the file is parsed")
	m, err := ix.Module(f)
	require.NoError(t, err)
	want := map[string][2]any{}
	for name := range m.Scope.Bindings {
		b := m.Global(name)
		q := ""
		if b.Kind == ImportBinding && !b.Import.Star {
			q = b.Import.Qualified
		}
		want[name] = [2]any{b.Kind == DefBinding, q}
	}
	f.ReleaseBytes()
	for name, w := range want {
		def, q, known := ix.GlobalOf(f, name)
		assert.True(t, known, name)
		assert.Equal(t, w, [2]any{def, q}, name)
	}
	def, _, _ := ix.GlobalOf(f, "helper")
	assert.True(t, def)
	_, q, _ := ix.GlobalOf(f, "make_client")
	assert.Equal(t, ".client.make_client", q)
	assert.Zero(t, f.Recomputed(), "GlobalOf parses nothing")

}

func FuzzBuild(f *testing.F) {
	for _, s := range []string{
		"import a.b as c\nfrom ..m import (n as k)\nasync def f(x: 'T' = 1):\n    [y async for y in x if (z := y)]\n",
		"class C:\n  def __init__(self): self.x = requests.Session()\n  async def m(self): self.x.get()\n",
		"match x:\n  case {'a': b, **rest} | [b, *_]: pass\n",
		"def f(:\n  global g\n  nonlocal h\n",
		"lambda *a, **k: (yield)\n",
		"x = x = y = x\nprint(x)\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		tree, _ := python.ParseBytes([]byte(src))
		if tree == nil {
			return
		}
		m := Build(tree)
		for _, c := range m.Calls {
			_ = m.TypeOf(c.Node)
			_ = m.TypeOf(c.Func)
			_ = c.Candidates()
			for _, a := range c.Args {
				_, _ = StringValue(a.Value)
			}
		}
		for _, fn := range m.Functions {
			_ = fn.SelfName()
		}
	})
}
