import pickle

import h2o
import joblib
from h2o.automl import H2OAutoML

if 'data_exporter' not in globals():
    from mage_ai.data_preparation.decorators import data_exporter


@data_exporter
def export(model, frame, *args, **kwargs):
    model.download_mojo(path="/models/churn/", get_genmodel_jar=True)
    model.download_mojo(path="/models/")  # want `download_mojo without get_genmodel_jar=True.*\[MOJO105\]`
    model.download_mojo("/models/churn.bin", get_genmodel_jar=False)  # want `MOJO saved as "churn.bin".*name it churn.zip \[MOJO104\]` `without get_genmodel_jar=True.*\[MOJO105\]`
    model.download_mojo("/models/churn.zip", False)  # want `without get_genmodel_jar=True: the plan scores MOJOs with the JVM h2o-genmodel.*\[MOJO105\]`
    model.save_mojo(path="/models", force=True)
    model.save_mojo("/models", True, "churn.mojo")  # want `MOJO saved as "churn.mojo".*\[MOJO104\]`
    model.download_mojo(f"/models/{model.model_id}/", get_genmodel_jar=True)
    h2o.save_model(model, path="/models")  # want `h2o.save_model writes a binary H2O model.*\[MOJO102\]`
    model.download_model("/models")  # want `model.download_model writes a binary H2O model.*\[MOJO102\]`

    aml = H2OAutoML(max_models=5)
    aml.train(y="churn", training_frame=frame)
    with open("/models/leader.pkl", "wb") as fh:
        pickle.dump(aml.leader, fh)  # want `pickle.dump pickles aml.leader \(an H2O model\).*\[MOJO102\]`
    best = aml.leader
    joblib.dump(best, "/models/best.joblib")  # want `joblib.dump pickles best \(an H2O model\).*\[MOJO102\]`
    stats = {"auc": 0.91}
    pickle.dump(stats, open("/models/stats.pkl", "wb"))  # ok: MOJO102 -- stats are no H2O model
    joblib.dump(frame.as_data_frame(), "/data/frame.joblib")
