from h2o.estimators import H2OXGBoostEstimator


def main(frame):
    model = H2OXGBoostEstimator(ntrees=20)
    model.train(y="churn", training_frame=frame)  # ok: MOJO103 -- the pipeline exports a MOJO
    return model.download_mojo(path="/models/churn/", get_genmodel_jar=True)
