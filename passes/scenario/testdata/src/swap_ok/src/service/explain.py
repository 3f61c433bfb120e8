from functools import lru_cache

import h2o
from fastapi import APIRouter

router = APIRouter()


@lru_cache(maxsize=1)
def load_explainer_model():
    return h2o.import_mojo("/models/current/explainer.zip")


@router.post("/explain")
def explain(row: dict):
    model = load_explainer_model()
    return model.predict_contributions(h2o.H2OFrame([row])).as_data_frame().to_dict()


@router.post("/admin/refresh-explainer")
def refresh_explainer():
    load_explainer_model.cache_clear()
    return {"cleared": True}
