import h2o

if 'data_exporter' not in globals():
    from mage_ai.data_preparation.decorators import data_exporter


@data_exporter
def export_pojo(model, *args, **kwargs):
    h2o.download_pojo(model, path="/models")  # want `h2o.download_pojo exports a POJO, which the plan forbids.*\[MOJO101\]`
    model.download_pojo(path="/models")  # want `model.download_pojo exports a POJO.*\[MOJO101\]`
