import h2o
from h2o.estimators.gbm import H2OGradientBoostingEstimator
from sklearn.linear_model import LogisticRegression


def main(frame):
    model = H2OGradientBoostingEstimator(ntrees=20)
    model.train(y="churn", training_frame=frame)  # want `the pipeline trains an H2O model but no pipeline code exports a MOJO.*\[MOJO103\]`
    h2o.estimators.H2ORandomForestEstimator(ntrees=10).train(y="churn", training_frame=frame)  # want `trains an H2O model.*\[MOJO103\]`
    baseline = LogisticRegression()
    baseline.fit(frame.as_data_frame(), frame["churn"])
    return model
