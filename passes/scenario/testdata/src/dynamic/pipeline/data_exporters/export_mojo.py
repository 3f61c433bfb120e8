import h2o

if 'data_exporter' not in globals():
    from mage_ai.data_preparation.decorators import data_exporter


@data_exporter
def export_mojo(model_id, *args, **kwargs):
    h2o.get_model(model_id).download_mojo(path='/models/', get_genmodel_jar=True)
