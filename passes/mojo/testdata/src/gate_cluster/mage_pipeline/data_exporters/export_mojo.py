if 'data_exporter' not in globals():
    from mage_ai.data_preparation.decorators import data_exporter


@data_exporter
def export(model, *args, **kwargs):
    return model.download_mojo(path="/models/churn/", get_genmodel_jar=True)  # want `MOJO export with H2O 3.48.0.1 \(H2O image, compose.yaml:3\).*\[MOJO501\]`
