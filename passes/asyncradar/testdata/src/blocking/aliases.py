"""Every import form of the blocking calls resolves to the module."""
import time
import time as t
from time import sleep
from time import sleep as snooze
import os, subprocess as sp
import urllib.request
from urllib import request as urlreq
import http.client
import socket as stdlib_socket
import sys
import getpass
import asyncio


async def plain():
    time.sleep(1)  # want `time\.sleep in async def plain blocks the event loop thread while it sleeps; use await asyncio\.sleep\(\.\.\.\) \(in a library package, whose callers \(flows, scripts, workers\) the graph cannot see\) \[ARX101\]`


async def module_alias():
    t.sleep(1)  # want `t\.sleep \(time\.sleep\) in async def module_alias .*\[ARX101\]`


async def from_import():
    sleep(1)  # want `sleep \(time\.sleep\) .*\[ARX101\]`


async def from_import_alias():
    snooze(0.5)  # want `snooze \(time\.sleep\) .*\[ARX101\]`


async def local_import():
    import requests as rq
    rq.get("https://example.com")  # want `rq\.get \(requests\.get\) in async def local_import blocks the event loop on network I/O; use httpx\.AsyncClient .*\[ARX102\]`


async def conditional_import():
    try:
        import ujson as json
    except ImportError:
        import json
    if json:
        import requests
    requests.post("https://example.com", json={})  # want `requests\.post .*\[ARX102\]`


async def no_import_counts_as_module():
    httpx.get("https://example.com")  # want `httpx\.get .*network I/O.*\[ARX102\]`


async def urllib_forms():
    urllib.request.urlopen("https://example.com")  # want `urllib\.request\.urlopen .*\[ARX102\]`
    urlreq.urlopen("https://example.com")  # want `urlreq\.urlopen \(urllib\.request\.urlopen\) .*\[ARX102\]`


async def http_client():
    conn = http.client.HTTPSConnection("example.com")
    conn.request("GET", "/")  # want `conn\.request \(http\.client\.HTTPSConnection\.request\) .*\[ARX102\]`
    return conn.getresponse()  # want `conn\.getresponse .*\[ARX102\]`


async def processes():
    os.system("ls")  # want `os\.system in async def processes blocks the event loop while it runs a process; use await asyncio\.create_subprocess_exec.*\[ARX103\]`
    sp.run(["ls"])  # want `sp\.run \(subprocess\.run\) .*\[ARX103\]`
    out = os.popen("ls").read()  # want `os\.popen .*\[ARX103\]`
    proc = sp.Popen(["sleep", "1"])  # want `sp\.Popen \(subprocess\.Popen\) .*\[ARX103\]`
    proc.wait()  # want `proc\.wait \(subprocess\.Popen\.wait\) .*\[ARX103\]`
    os.waitpid(proc.pid, 0)  # want `os\.waitpid .*\[ARX103\]`
    os.spawnlp(os.P_WAIT, "ls", "ls")  # want `os\.spawnlp .*\[ARX103\]`
    return out


async def files(path):
    with open(path) as f:  # want `open in async def files blocks the event loop on file I/O.*\[ARX104\]`
        return f.read()  # want `f\.read \(a file from open\) in async def files blocks the event loop on file I/O.*\[ARX104\]`


async def sockets(host):
    s = stdlib_socket.create_connection((host, 80))  # want `stdlib_socket\.create_connection \(socket\.create_connection\) .*\[ARX105\]`
    s.sendall(b"ping")  # want `s\.sendall \(socket\.create_connection\.sendall\) .*on a socket.*\[ARX105\]`
    stdlib_socket.gethostbyname(host)  # want `socket\.gethostbyname.*\[ARX105\]`


async def numeric_lookups_do_not_block(port):
    stdlib_socket.getaddrinfo("127.0.0.1", port)
    stdlib_socket.getaddrinfo(port, 80, 0, 0, 0, stdlib_socket.AI_NUMERICHOST)


async def non_blocking_socket(loop):
    sock = stdlib_socket.socket()
    sock.setblocking(False)
    sock.connect(("127.0.0.1", 80))  # ok: ARX105 -- the socket is non-blocking
    await loop.sock_sendall(sock, b"x")


async def console():
    name = input("name: ")  # want `input in async def console blocks the event loop waiting for console input.*\[ARX106\]`
    secret = getpass.getpass()  # want `getpass\.getpass .*\[ARX106\]`
    line = sys.stdin.readline()  # want `sys\.stdin\.readline .*\[ARX106\]`
    return name, secret, line


async def already_async():
    await asyncio.sleep(1)
    proc = await asyncio.create_subprocess_exec("ls")  # ok: ARX103 -- asyncio subprocesses do not block
    await proc.wait()
    reader, writer = await asyncio.open_connection("example.com", 80)  # ok: ARX105 -- asyncio streams
    return reader, writer


def sync_function_is_not_on_the_loop():
    time.sleep(1)
    os.system("ls")
    open("x").read()  # ok: ARX104 -- a sync function runs off the loop


async def imported_model_instance(features):
    from app.ml import model
    return model.predict(features)  # want `model\.predict in async def imported_model_instance blocks the event loop with CPU-bound model inference.*\[ARX109\]`
