import httpx
from fastapi import Depends, FastAPI, File, Request, UploadFile
from mcp.client.auth import TokenStorage
from sqlalchemy.orm import Session

from svc.db import BaseStore, save_config

app = FastAPI()
client = httpx.AsyncClient()


@app.post("/items")
async def create_item(payload: dict, db: Session = Depends(get_db)):
    # Awaits nothing: a plain def would run every call in the thread pool.
    db.add(payload)
    db.commit()  # want `db\.commit \(sqlalchemy\.orm\.Session\.commit\) in async def create_item blocks the event loop on a synchronous database call; use asyncpg or SQLAlchemy's AsyncSession, or offload it with await run_in_threadpool\(\.\.\.\) \[ARX107\]`
    save_config(db, payload)  # want `save_config\(\) in async def create_item calls sync helper save_config of svc/db\.py, which blocks the event loop: db\.commit .*\(save_config, \.\.\.\) \[ARX110\]`


@app.post("/upload")
async def upload(files: list[UploadFile] = File(...), db: Session = Depends(get_db)):
    # Awaits only the request's own body, which a plain def gets as a parameter.
    for file in files:
        db.add(await file.read())
    db.commit()  # want `db\.commit .* in async def upload blocks .*run_in_threadpool\(\.\.\.\) \[ARX107\]`


@app.post("/json")
async def from_json(request: Request, db: Session = Depends(get_db)):
    db.add(await request.json())
    db.commit()  # want `db\.commit .* in async def from_json blocks .*run_in_threadpool\(\.\.\.\) \[ARX107\]`


@app.post("/connect")
async def connect(url: str, db: Session = Depends(get_db)):
    # Must stay async for the HTTP call it awaits: one round trip is a note.
    metadata = (await client.get(url)).json()

    db.get(Config, 1)  # want `db\.get .* in async def connect blocks .*run_in_threadpool\(\.\.\.\) \(a note: it is a database round trip in a function that must stay async for what it awaits\) \[ARX107\]`
    save_config(db, metadata)  # want `save_config\(\) in async def connect calls sync helper save_config of svc/db\.py.*\(a note: it is a database round trip in a function that must stay async for what it awaits\) \[ARX110\]`
    for key in metadata:
        db.add(Config(key=key))
        db.flush()  # want `db\.flush .* in async def connect blocks .*run_in_threadpool\(\.\.\.\) \[ARX107\]`


class Storage(TokenStorage):
    """The SDK calls these methods with await: they stay async."""

    def __init__(self, db: Session):
        self.db = db

    async def set_tokens(self, tokens):
        self.db.commit()  # want `self\.db\.commit .* in async def Storage\.set_tokens blocks .*\(a note: it is a database round trip in a method that the interface of mcp\.client\.auth\.TokenStorage may require to be async\) \[ARX107\]`


@app.get("/tokens")
async def tokens(db: Session = Depends(get_db)):
    await Storage(db).set_tokens({})


class LocalStore(BaseStore):
    async def save(self, db: Session):
        db.commit()  # want `db\.commit .* in async def LocalStore\.save blocks .*run_in_threadpool\(\.\.\.\) \[ARX107\]`


@app.get("/local")
async def local(db: Session = Depends(get_db)):
    await LocalStore().save(db)


@app.get("/locked")
async def locked(db: Session = Depends(get_db)):
    # async with and async for make a function that must stay async.
    async with app.state.lock:
        pass
    db.commit()  # want `db\.commit .* in async def locked blocks .*\(a note: it is a database round trip in a function that must stay async for what it awaits\) \[ARX107\]`


@app.get("/streamed")
async def streamed(db: Session = Depends(get_db)):
    async for event in app.state.events():
        db.add(event)
    db.commit()  # want `db\.commit .* in async def streamed blocks .*\(a note: it is a database round trip in a function that must stay async for what it awaits\) \[ARX107\]`
