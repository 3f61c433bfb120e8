import os
import signal
import subprocess
import sys

import h2o
import joblib
from fastapi import Depends, FastAPI

MOJO_PATH = "/models/current/churn.zip"
app = FastAPI()

churn_model = joblib.load("/models/current/churn_model.pkl")  # want `model loaded into churn_model is never replaced by any code path, so a new MOJO needs a restart.*\[SCN103\]`


def get_scorer():
    return h2o.import_mojo(MOJO_PATH)  # want `dependency get_scorer loads a model \(h2o.import_mojo\) for every request that uses it`


@app.post("/score")
async def score(row: dict):
    model = h2o.import_mojo(MOJO_PATH)  # want `model loaded in request handler score \(h2o.import_mojo\) on every request: load it once at startup`
    return {"score": model.predict(h2o.H2OFrame([row])).as_data_frame().iloc[0, 0]}


@app.post("/score/v2")
def score_v2(row: dict, scorer=Depends(get_scorer)):
    return {"score": scorer.predict(h2o.H2OFrame([row])).as_data_frame().iloc[0, 0]}


@app.post("/churn")
def churn(row: dict):
    return {"p": float(churn_model.predict_proba([list(row.values())])[0, 1])}


@app.post("/admin/reload")
def reload(path: str):
    churn_model.load_model(path)  # want `churn_model.load_model changes the serving model churn_model in place: requests in flight see a half-updated model`
    churn_model.version = os.path.basename(path)  # want `assignment to churn_model.version changes the serving model churn_model in place`
    return {"loaded": path}


@app.post("/admin/restart")
def restart_to_swap():
    os.execv(sys.executable, [sys.executable, "-m", "uvicorn", "service.api:app"])  # want `os.execv restarts the service to pick up a new model`


def rollout_new_model():
    subprocess.run(["kubectl", "rollout", "restart", "deployment/scoring-api"], check=True)  # want `subprocess.run restarts the service`


@app.post("/admin/swap")
def swap_by_worker_reload(path: str):
    os.replace(path, MOJO_PATH)
    os.kill(os.getppid(), signal.SIGHUP)  # want `os.kill restarts the service to pick up a new model.*\[SCN103\]`


def refresh_model():
    subprocess.run(["kill", "-HUP", open("/run/gunicorn.pid").read().strip()], check=True)  # want `subprocess.run restarts the service`


def update_training_job(job: subprocess.Popen):
    # Stops a training subprocess, not the service that serves requests.
    os.kill(job.pid, signal.SIGTERM)  # ok: SCN103 -- a signal to a child process is no restart of the service


def main():
    # How the service starts, not how it swaps: not reported.
    os.execvp("gunicorn", ["gunicorn", "service.api:app"])
