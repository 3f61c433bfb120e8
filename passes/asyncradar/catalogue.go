package asyncradar

import (
	"strings"
)

// The catalogue of blocking libraries: one row per library, with what
// blocks and the async alternative. It feeds the classifier (functions and
// receiver types) and the documentation of the rules it names, so the two
// cannot drift apart.
type library struct {
	name        string  // as the docs name it
	fam         *family // the rule and remedy of its calls
	alternative string  // the async replacement, as the docs name it

	// funcs are qualified functions that block when called.
	funcs []string
	// types are constructors, factories or classes whose instances block
	// in their methods (see typeRule).
	types *typeRule
}

var (
	famSDK = &family{RuleSDK, "blocks the event loop on a network round trip of a synchronous client",
		"use the library's async client, or offload the call with await asyncio.to_thread(...)"}
	famStat = &family{RuleDiskStat, "blocks the event loop on a file-system call",
		"use anyio.Path or aiofiles.os, or offload it with await asyncio.to_thread(...)"}
)

// sdkLibraries are the synchronous network clients of RuleSDK. Each type
// rule matches what the client's constructor or factory returns and, with
// chain or prefix, the objects reached from it (es.indices, a boto3
// resource's Bucket).
var sdkLibraries = []*library{
	{name: "`boto3` / `botocore` clients and resources", fam: famSDK, alternative: "`aioboto3` / `aiobotocore`",
		types: &typeRule{fam: famSDK, bases: []string{"boto3.client", "boto3.resource", "boto3.Session.client", "boto3.Session.resource",
			"boto3.session.Session.client", "boto3.session.Session.resource", "botocore.session.Session.create_client",
			"botocore.session.get_session.create_client"},
			prefix: true, anyMethodBut: setOf("get_paginator", "can_paginate", "generate_presigned_url", "generate_presigned_post",
				"get_waiter", "meta", "exceptions", "close")}},
	{name: "`kubernetes` API clients", fam: famSDK, alternative: "`kubernetes_asyncio`",
		funcs: []string{"kubernetes.config.load_kube_config", "kubernetes.config.load_incluster_config"},
		types: &typeRule{fam: famSDK, bases: []string{"kubernetes.client."}, prefix: true,
			anyMethodBut: setOf("api_client", "close", "sanitize_for_serialization")}},
	{name: "`google-cloud-*` sync clients (storage, bigquery, pubsub, firestore ...)", fam: famSDK,
		alternative: "the library's async client (`*AsyncClient`, `google.cloud.*.aio`), or `gcloud-aio-*`",
		types: &typeRule{fam: famSDK, bases: []string{"google.cloud."}, prefix: true,
			methodPrefixes: []string{"get", "list", "create", "delete", "insert", "update", "upload", "download", "query",
				"publish", "exists", "reload", "patch", "set", "add", "commit", "result", "load_table", "pull", "acknowledge", "stream"}}},
	{name: "`pymongo`", fam: famDB, alternative: "`motor` or pymongo's `AsyncMongoClient`",
		types: &typeRule{fam: famDB, bases: []string{"pymongo.MongoClient", "pymongo.mongo_client.MongoClient"}, prefix: true,
			methods: setOf("find", "find_one", "insert_one", "insert_many", "update_one", "update_many", "replace_one", "delete_one",
				"delete_many", "count_documents", "estimated_document_count", "aggregate", "distinct", "find_one_and_update",
				"find_one_and_delete", "find_one_and_replace", "bulk_write", "create_index", "create_indexes", "drop", "drop_index",
				"list_collection_names", "list_database_names", "command", "server_info", "watch")}},
	{name: "`elasticsearch` / `opensearch-py` sync clients", fam: famSDK, alternative: "`AsyncElasticsearch` / `AsyncOpenSearch`",
		types: &typeRule{fam: famSDK, bases: []string{"elasticsearch.Elasticsearch", "opensearchpy.OpenSearch", "elasticsearch.helpers",
			"opensearchpy.helpers"}, prefix: true, anyMethodBut: setOf("close", "options", "transport")},
		funcs: []string{"elasticsearch.helpers.bulk", "elasticsearch.helpers.scan", "elasticsearch.helpers.reindex",
			"elasticsearch.helpers.streaming_bulk", "opensearchpy.helpers.bulk", "opensearchpy.helpers.scan"}},
	{name: "`smtplib`", fam: famSDK, alternative: "`aiosmtplib`",
		types: &typeRule{fam: famSDK, bases: []string{"smtplib.SMTP", "smtplib.SMTP_SSL", "smtplib.LMTP"},
			methods: setOf("connect", "login", "starttls", "ehlo", "helo", "sendmail", "send_message", "quit", "noop", "verify", "rset", "docmd")}},
	{name: "`ftplib`", fam: famSDK, alternative: "`aioftp`",
		types: &typeRule{fam: famSDK, bases: []string{"ftplib.FTP", "ftplib.FTP_TLS"},
			anyMethodBut: setOf("set_pasv", "set_debuglevel", "debug", "close")}},
	{name: "`paramiko` SSH and SFTP", fam: famSDK, alternative: "`asyncssh`",
		types: &typeRule{fam: famSDK, bases: []string{"paramiko.SSHClient", "paramiko.client.SSHClient", "paramiko.SFTPClient",
			"paramiko.Transport"}, chain: setOf("open_sftp", "from_transport", "get_transport"),
			methods: setOf("connect", "exec_command", "open_sftp", "get", "put", "listdir", "stat", "remove", "rename", "mkdir",
				"open", "invoke_shell", "from_transport", "getfo", "putfo", "chdir", "rmdir")}},
	{name: "`jwt.PyJWKClient` key fetches", fam: famSDK,
		alternative: "fetch the JWK set at startup (or in a thread) and verify with `jwt.PyJWK`",
		types: &typeRule{fam: famSDK, bases: []string{"jwt.PyJWKClient", "jwt.jwks_client.PyJWKClient"},
			methods: setOf("get_signing_key_from_jwt", "get_signing_key", "get_signing_keys", "get_jwk_set", "fetch_data")}},
	{name: "`socket` name resolution", fam: famSocket, alternative: "`await loop.getaddrinfo(...)`",
		funcs: []string{"socket.create_connection", "socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyname_ex",
			"socket.gethostbyaddr", "socket.getfqdn", "socket.getnameinfo"}},
	{name: "`urllib.request`", fam: famHTTP, alternative: "`httpx.AsyncClient` or `aiohttp`",
		funcs: []string{"urllib.request.urlopen", "urllib.request.urlretrieve"}},
}

// cpuFuncs are CPU-heavy library calls of RuleCPU beyond pandas and numpy:
// their cost grows with the data they are given.
var cpuLibraries = []*library{
	// Image.open reads the header only, from a file or a buffer: decoding,
	// conversion and encoding happen in the methods.
	{name: "Pillow image conversion", fam: famCPU, alternative: "`await asyncio.to_thread(...)` or a process pool",
		types: &typeRule{fam: famCPU, bases: []string{"PIL.Image.open", "PIL.Image.new", "PIL.Image.Image", "PIL.Image.fromarray"}, prefix: true,
			methods: setOf("convert", "resize", "thumbnail", "rotate", "transform", "filter", "save", "quantize", "reduce", "load")}},
	{name: "`gzip` / `zlib` / `bz2` / `lzma` on buffers", fam: famCPU, alternative: "`await asyncio.to_thread(...)`",
		funcs: []string{"gzip.compress", "gzip.decompress", "zlib.compress", "zlib.decompress", "bz2.compress", "bz2.decompress",
			"lzma.compress", "lzma.decompress"}},
}

// diskStatFuncs are single file-system calls, usually fast (RuleDiskStat);
// diskIOFuncs read or write data or walk directories (RuleFileIO).
var (
	diskStatFuncs = []string{
		"os.path.exists", "os.path.lexists", "os.path.isfile", "os.path.isdir", "os.path.islink", "os.path.ismount",
		"os.path.isjunction", "os.path.getatime", "os.path.getctime", "os.path.getmtime", "os.path.getsize", "os.path.samefile",
		"os.path.sameopenfile", "os.path.realpath", "os.path._joinrealpath",
		"os.stat", "os.lstat", "os.fstat", "os.access", "os.mkdir", "os.makedirs", "os.remove", "os.unlink", "os.rmdir",
		"os.removedirs", "os.rename", "os.renames", "os.replace", "os.chmod", "os.chown", "os.utime", "os.symlink", "os.link",
		"os.readlink", "os.truncate", "os.statvfs", "os.mkfifo",
		"shutil.disk_usage", "shutil.which", "shutil.chown",
		"tempfile.mkstemp", "tempfile.mkdtemp",
	}
	diskIOFuncs = []string{
		"open", "builtins.open", "io.open", "io.open_code", "os.fdopen", "os.open", "os.read", "os.write", "os.sendfile",
		"codecs.open", "gzip.open", "bz2.open", "lzma.open", "tarfile.open", "zipfile.ZipFile",
		"tempfile.TemporaryFile", "tempfile.NamedTemporaryFile", "tempfile.SpooledTemporaryFile",
		"tempfile.TemporaryDirectory", // its exit removes the whole tree
		"os.listdir", "os.scandir", "os.walk", "os.fwalk", "glob.glob", "glob.iglob",
		"shutil.copy", "shutil.copy2", "shutil.copyfile", "shutil.copyfileobj", "shutil.copytree", "shutil.rmtree",
		"shutil.move", "shutil.make_archive", "shutil.unpack_archive", "shutil.copymode", "shutil.copystat",
	}
)

// treeFileFuncs are the calls of RuleFileIO whose cost has no bound: they
// walk, copy or remove a whole directory tree, build or unpack an archive,
// or copy a stream to its end. Every other call of RuleFileIO touches one
// local file or lists one directory: microseconds to milliseconds on a
// local disk, which on the corpus no maintainer wanted to act on, so those
// are notes (see fileCost).
var treeFileFuncs = setOf("os.walk", "os.fwalk", "shutil.copytree", "shutil.rmtree", "shutil.make_archive",
	"shutil.unpack_archive", "shutil.copyfileobj")

// treePathMethods are the pathlib.Path methods that walk a tree.
var treePathMethods = setOf("rglob", "walk")

// listingFuncs are the calls of RuleFileIO that list one directory (a
// glob that recurses excepted, see recursiveGlob).
var listingFuncs = setOf("os.listdir", "os.scandir", "glob.glob", "glob.iglob", "pathlib.Path.iterdir", "pathlib.Path.glob")

// archiveListings are the methods that list the members of an archive
// (TarFile.getmembers, ZipFile.namelist and infolist): a loop over them
// reads or writes as many files as the archive holds.
var archiveListings = setOf("getmembers", "namelist", "infolist")

// fileTypes are what file objects are made by or declared as: every
// method of one does I/O except fileTypeQuiet.
var fileTypes = &typeRule{fam: famFile, bases: []string{
	"open", "builtins.open", "io.open", "io.open_code", "os.fdopen", "codecs.open", "gzip.open", "bz2.open", "lzma.open",
	"gzip.GzipFile", "tempfile.TemporaryFile", "tempfile.NamedTemporaryFile", "pathlib.Path.open",
	"io.TextIOWrapper", "io.BufferedReader", "io.BufferedWriter", "io.BufferedRandom", "io.FileIO"},
	anyMethodBut: setOf("fileno", "isatty", "readable", "writable", "seekable", "detach", "name", "mode", "closed", "encoding")}

// Path methods: pathIO read or write data or walk directories (RuleFileIO),
// pathStat are single file-system calls (RuleDiskStat).
var (
	pathIO   = setOf("read_text", "read_bytes", "write_text", "write_bytes", "open", "iterdir", "glob", "rglob", "walk", "copy", "copy_into", "move", "move_into")
	pathStat = setOf("exists", "is_file", "is_dir", "is_symlink", "is_mount", "is_socket", "is_fifo", "is_block_device",
		"is_char_device", "is_junction", "stat", "lstat", "mkdir", "unlink", "rmdir", "rename", "replace", "touch", "chmod",
		"lchmod", "symlink_to", "hardlink_to", "readlink", "samefile", "owner", "group", "resolve")
)

func init() {
	for _, libs := range [][]*library{sdkLibraries, cpuLibraries} {
		for _, lib := range libs {
			addFuncs(lib.fam, lib.funcs...)
			if lib.types != nil {
				typeRules = append(typeRules, lib.types)
			}
		}
	}
	addFuncs(famStat, diskStatFuncs...)
	addFuncs(famFile, diskIOFuncs...)
	typeRules = append(typeRules, fileTypes)
	RuleSDK.What += catalogueTable(sdkLibraries)
	RuleCPU.What += " Beyond pandas and numpy:" + catalogueTable(cpuLibraries)
}

// catalogueTable renders libraries as the markdown table of a rule's
// documentation.
func catalogueTable(libs []*library) string {
	var b strings.Builder
	b.WriteString("\n\n| library | async alternative |\n|---|---|\n")
	for _, lib := range libs {
		b.WriteString("| " + lib.name + " | " + lib.alternative + " |\n")
	}
	return strings.TrimSuffix(b.String(), "\n")
}
