import h2o


def refresh(model_id):
    # An export from the service does not make the pipeline produce its artifact.
    h2o.get_model(model_id).download_mojo(path="/models/latest/", get_genmodel_jar=True)
