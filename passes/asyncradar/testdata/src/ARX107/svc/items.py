import httpx
from fastapi import FastAPI

from svc.factory import Model, connect, connect_async

app = FastAPI()
mirror = httpx.AsyncClient(base_url="https://mirror.example.com")


@app.get("/items/{item_id}")
async def item(item_id: int):
    conn = connect()  # want `connect\(\) in async def item calls sync helper connect of svc/factory\.py, which blocks the event loop: sqlite3\.connect at line 12 \(ARX107\);.*\[ARX110\]`
    cur = conn.cursor()
    cur.execute("select * from items where id = ?", (item_id,))  # want `cur\.execute \(sqlite3\.connect\.cursor\.execute\) in async def item blocks the event loop on a synchronous database call, on what connect of svc/factory\.py returns; .*\[ARX107\]`
    row = cur.fetchone()
    conn.commit()  # want `conn\.commit \(sqlite3\.connect\.commit\) in async def item .*\[ARX107\]`
    return row


@app.get("/fast/{item_id}")
async def fast_item(item_id: int):
    conn = await connect_async()
    cur = await conn.execute("select * from items where id = ?", (item_id,))  # ok: ARX107 -- an async driver, awaited
    Model.query.filter(Model.id == item_id).first()  # ok: ARX107 -- a class attribute (here a custom descriptor) is not followed
    query = Model.query.filter(Model.id == item_id)
    query.first()  # ok: ARX107 -- the same, through a name
    return await cur.fetchone()


@app.get("/mirror/{item_id}")
async def mirror_item(item_id: int):
    # Must stay async for the HTTP call it awaits: one round trip is a note.
    r = await mirror.get(f"/items/{item_id}")
    conn = connect()  # want `connect\(\) in async def mirror_item calls sync helper connect of svc/factory\.py.*\(a note: it is a database round trip in a function that must stay async for what it awaits\) \[ARX110\]`
    conn.execute("insert into mirrors values (?)", (r.text,))  # want `conn\.execute \(sqlite3\.connect\.execute\) in async def mirror_item .*, on what connect of svc/factory\.py returns; .*\(a note: it is a database round trip in a function that must stay async for what it awaits\) \[ARX107\]`
