# Methods named like H2O's on objects that are not H2O: no MOJO rule applies.
import mlflow
from huggingface_hub import HfApi
from mlflow.tracking import MlflowClient

client = MlflowClient()
api = HfApi()


def fetch(run_id, registry):
    client.download_artifacts(run_id, "model")
    api.download_model("bert-base-uncased")
    mlflow.artifacts.download_artifacts(run_id=run_id)
    registry.download_model("churn")  # a registry of the service's own, type unknown, no h2o import
    return registry.download_pojo("legacy")
