import asyncio
import joblib
import h2o
from h2o import mojo_predict_pandas as mpp
from fastapi import FastAPI

app = FastAPI()
churn = h2o.import_mojo("/models/churn.zip")
clf = joblib.load("model.pkl")


@app.on_event("startup")
async def load():
    global booster
    booster = joblib.load("booster.pkl")


@app.post("/score")
async def score(payload: dict):
    frame = h2o.H2OFrame(payload)  # want `h2o\.H2OFrame in async def score blocks the event loop on a call to the H2O cluster; offload it with await loop\.run_in_executor\(None, fn, \*args\) or await asyncio\.to_thread\(fn, \*args\) \[ARX109\]`
    preds = churn.predict(frame)  # want `churn\.predict \(h2o\.import_mojo\.predict\) in async def score blocks the event loop with CPU-bound model inference.*\[ARX109\]`
    return preds.as_data_frame()  # want `preds\.as_data_frame .*\[ARX109\]`


@app.post("/mojo")
async def mojo(df):
    return mpp(df, "/models/churn.zip", "/opt/h2o-genmodel.jar")  # want `mpp \(h2o\.mojo_predict_pandas\) in async def mojo blocks the event loop while it starts a Java process for every call; load the MOJO once at startup.*\[ARX109\]`


@app.post("/reload")
async def reload():
    global churn
    churn = h2o.upload_mojo("/models/churn.zip")  # want `h2o\.upload_mojo .*\[ARX109\]`


@app.post("/sk")
async def sklearn_model(x):
    return clf.predict_proba(x)  # want `clf\.predict_proba \(joblib\.load\.predict_proba\) .*\[ARX109\]`


@app.post("/boost")
async def booster_model(x):
    return booster.predict(x)  # want `booster\.predict \(joblib\.load\.predict\) .*\[ARX109\]`


@app.post("/state")
async def state_model(request, x):
    return request.app.state.model.predict(x)  # want `request\.app\.state\.model\.predict in async def state_model .*\[ARX109\]`


@app.post("/remote")
async def remote_model(client, model, x):
    return await model.predict(x)


@app.post("/offloaded")
async def offloaded(x):
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(None, churn.predict, x)  # ok: ARX109 -- inference offloaded to the executor


@app.post("/sync")
def sync_route(x):
    return churn.predict(x)  # ok: ARX109 -- a sync route runs in the thread pool
