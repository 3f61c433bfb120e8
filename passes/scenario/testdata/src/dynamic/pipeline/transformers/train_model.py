import h2o
from h2o.automl import H2OAutoML

if 'transformer' not in globals():
    from mage_ai.data_preparation.decorators import transformer


@transformer
def train_model(frame, *args, **kwargs):
    aml = H2OAutoML(max_models=20, seed=1)
    aml.train(y='churned', training_frame=h2o.H2OFrame(frame))
    return aml.leader.model_id
