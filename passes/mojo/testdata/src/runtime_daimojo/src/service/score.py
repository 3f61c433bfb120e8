import h2o


def score(frame):
    return h2o.mojo_predict_pandas(frame, "/models/churn.zip", genmodel_jar_path="/opt/h2o-genmodel.jar")  # want `loads an H2O-3 MOJO through h2o-genmodel but the plan.s runtime is daimojo.*\[MOJO601\]`
