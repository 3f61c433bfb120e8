from fastapi import FastAPI

from .paths import Exports, export_dir, export_name, get_temporary_path

app = FastAPI()


@app.get("/exports/{name}")
async def export(name: str):
    # A path another module's function returns is a path.
    tmp = get_temporary_path()
    files = list(tmp.rglob("*.csv"))  # want `tmp\.rglob \(pathlib\.Path\.rglob\) in async def export blocks the event loop on file I/O, on what get_temporary_path of svc/paths\.py returns; .*\[ARX104\]`
    report = export_dir(name).read_text()  # want `export_dir\(name\)\.read_text \(pathlib\.Path\.read_text\) in async def export .*on what export_dir of svc/paths\.py returns; .*\(a note: it touches one local file\) \[ARX104\]`
    Exports.dir_for(name).unlink()  # want `Exports\.dir_for\(name\)\.unlink \(pathlib\.Path\.unlink\) in async def export blocks the event loop on a file-system call, on what Exports\.dir_for of svc/paths\.py returns; .*\[ARX117\]`
    label = export_name(name).upper()  # ok: ARX104 -- a string, not a path
    return {"files": len(files), "report": report, "label": label}
