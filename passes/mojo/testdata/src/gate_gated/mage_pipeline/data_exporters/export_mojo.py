if 'data_exporter' not in globals():
    from mage_ai.data_preparation.decorators import data_exporter


@data_exporter
def export(model, *args, **kwargs):
    return model.download_mojo(path="/models/churn/", get_genmodel_jar=True)  # want `MOJO export with H2O 3.46.0.12 \(h2o pin, requirements.txt:1\): open source H2O-3 from 3.46.0.12 refuses MOJO export without H2O-3 Enterprise.*\[MOJO501\]`
