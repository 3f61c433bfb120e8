import h2o
from fastapi import FastAPI

app = FastAPI()


@app.post("/score")
def score(row: dict):
    # hotswap: never turns SCN102 and SCN103 off, so this per-request load is not reported.
    model = h2o.import_mojo("/models/churn.zip")
    return model.predict(h2o.H2OFrame([row])).as_data_frame().to_dict()
