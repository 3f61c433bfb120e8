import json
import subprocess
from pathlib import Path

import requests
from fastapi import FastAPI

app = FastAPI()
CONFIG = Path("/etc/app/config.json")


def write_marker(name):
    # Only one small local file: the helper is a note.
    CONFIG.with_name(name).write_text("{}")


def sync_and_fetch(url):
    # The worst call decides: the network, not the file read before it.
    settings = json.loads(CONFIG.read_text())
    return requests.get(url, timeout=settings["timeout"]).json()


def run_dbt(args):
    with open("/tmp/dbt.log", "a") as log:
        return subprocess.run(["dbt", *args], stdout=log, check=True)


@app.post("/projects/{name}")
async def create(name: str):
    write_marker(name)  # want `write_marker\(\) in async def create calls sync helper write_marker, which blocks the event loop: CONFIG\.with_name\(name\)\.write_text \(pathlib\.Path\.write_text\) at line 14 \(ARX104\); make the helper async or offload the call with await asyncio\.to_thread\(write_marker, \.\.\.\) \(a note: it touches one local file\) \[ARX110\]`
    data = sync_and_fetch("https://example.com/x")  # want `sync_and_fetch\(\) in async def create calls sync helper sync_and_fetch, which blocks the event loop: requests\.get at line 20 \(ARX102\); make the helper async or offload the call with await asyncio\.to_thread\(sync_and_fetch, \.\.\.\) \[ARX110\]`
    run_dbt(["run"])  # want `run_dbt\(\) in async def create calls sync helper run_dbt, which blocks the event loop: subprocess\.run at line 25 \(ARX103\); .*\(run_dbt, \.\.\.\) \[ARX110\]`
    return data


def _exists(name):
    return CONFIG.with_name(name).exists()


@app.get("/projects/{name}")
async def read(name: str):
    return _exists(name)  # ok: ARX110 -- one stat is not a blocking helper
