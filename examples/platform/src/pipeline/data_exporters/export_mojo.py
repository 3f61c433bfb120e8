import os
from pathlib import Path

import h2o
import pandas as pd

if "data_exporter" not in globals():
    from mage_ai.data_preparation.decorators import data_exporter

MODEL_DIR = Path(os.environ.get("MODEL_DIR", "/models"))


@data_exporter
def export_mojo(leaderboard: pd.DataFrame, *args, **kwargs) -> str:
    """Export one trained GBM as a MOJO zip the service can hot-swap to.

    download_mojo writes <model_id>.zip and, with get_genmodel_jar=True, the
    h2o-genmodel.jar of the same H2O build into the directory it is given; the
    MOJO is then renamed to its version, the name POST /admin/models/{version} loads.
    """
    h2o.connect(url=os.environ.get("H2O_URL", "http://h2o:54321"), verbose=False)
    best = leaderboard.iloc[0]
    model = h2o.get_model(best["model_id"])
    version = f"churn_gbm_{kwargs['execution_date']:%Y%m%d%H%M}_{best['candidate']}"
    staging = MODEL_DIR / "staging" / version
    staging.mkdir(parents=True, exist_ok=True)
    exported = model.download_mojo(path=str(staging), get_genmodel_jar=True)
    target = MODEL_DIR / f"{version}.zip"
    os.replace(exported, target)
    return str(target)
