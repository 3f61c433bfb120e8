import asyncio

import h2o
import joblib
from fastapi import FastAPI

from service.holder import ModelHolder

MOJO_PATH = "/models/current/churn.zip"
app = FastAPI()
holder = None
baseline = None
_explainer = None


def load_mojo(path):
    return h2o.import_mojo(path)


@app.on_event("startup")
async def startup():
    global holder
    holder = ModelHolder(load_mojo(MOJO_PATH))


def warm_up():
    global baseline
    baseline = joblib.load("/models/baseline_model.pkl")


app.add_event_handler("startup", warm_up)


def get_explainer():
    global _explainer
    if _explainer is None:
        _explainer = load_explainer_model()
    return _explainer


def load_explainer_model():
    return h2o.import_mojo("/models/current/explainer.zip")


@app.post("/score")
async def score(row: dict):
    model = holder.current
    return {"score": await asyncio.to_thread(model.predict, h2o.H2OFrame([row]))}


@app.post("/admin/swap")
async def swap(path: str):
    new = await asyncio.to_thread(load_mojo, path)
    holder.swap(new)
    return {"serving": path}


@app.post("/admin/baseline")
def replace_baseline(path: str):
    global baseline
    baseline = joblib.load(path + "/baseline_model.pkl")
    return {"baseline": path}
