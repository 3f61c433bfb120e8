import os

import h2o
import pandas as pd

if "data_exporter" not in globals():
    from mage_ai.data_preparation.decorators import data_exporter

POJO_DIR = "/home/src/mage_data/pojo"


@data_exporter
def export_pojo(leaderboard: pd.DataFrame, *args, **kwargs) -> str:
    """Export the GLM baseline as Java source for the rules engine team."""
    h2o.connect(url=os.environ.get("H2O_URL", "http://h2o:54321"), verbose=False)
    model = h2o.get_model(leaderboard["model_id"].iloc[0])
    # acr finds: POJO export; the plan mandates MOJO artifacts (download_mojo)
    return model.download_pojo(path=POJO_DIR, get_genmodel_jar=True)
