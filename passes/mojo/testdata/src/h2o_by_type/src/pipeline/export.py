# The H2O model by its constructor: its binary dump and POJO are reported.
import h2o
from h2o.estimators import H2OGradientBoostingEstimator


def train_and_export(frame, store):
    model = H2OGradientBoostingEstimator(ntrees=10)
    model.train(y="churn", training_frame=frame)
    model.download_model("/models")  # want `model.download_model writes a binary H2O model.*\[MOJO102\]`
    h2o.download_model(model, path="/models")  # want `h2o.download_model writes a binary H2O model.*\[MOJO102\]`
    store.download_model("/cache")  # want `store.download_model writes a binary H2O model.*\[MOJO102\]`
    return model.download_mojo(path="/models/", get_genmodel_jar=True)
