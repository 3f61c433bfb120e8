// Lints every .py file listed on stdin with ruff's WebAssembly build, only
// the ASYNC rules selected, and prints the file and diagnostic counts and
// the wall time. Used by bench/compare.sh; node resolves the package from
// NODE_PATH, where the script installs it.
const fs = require("fs");
const { Workspace } = require("@astral-sh/ruff-wasm-nodejs");

const files = fs.readFileSync(0, "utf8").split("\n").filter(Boolean);
const start = process.hrtime.bigint();
const ws = new Workspace({ lint: { select: ["ASYNC"] } }, 0);
let diagnostics = 0;
for (const f of files) {
  const src = fs.readFileSync(f, "utf8");
  diagnostics += ws.check(src).length;
}
const ms = Number(process.hrtime.bigint() - start) / 1e6;
console.log(JSON.stringify({ files: files.length, diagnostics, ms }));
