if 'data_exporter' not in globals():
    from mage_ai.data_preparation.decorators import data_exporter


# No dependency file was walked, but the cluster image is a gated release:
# that is known, and reported.
@data_exporter
def export(model, *args, **kwargs):
    return model.download_mojo(path="/models/churn/", get_genmodel_jar=True)  # want `MOJO export with H2O 3.46.0.12 \(H2O image, compose.yaml:3\).*\[MOJO501\]`
