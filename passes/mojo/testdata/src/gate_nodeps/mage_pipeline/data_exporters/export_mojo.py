if 'data_exporter' not in globals():
    from mage_ai.data_preparation.decorators import data_exporter


# The run walked no requirements, constraints, pyproject.toml or Pipfile
# (acrvet -mojo ./mage_pipeline, with the pins at the repository root):
# the h2o pin is unknown, not missing, so the export gate says nothing.
@data_exporter
def export(model, *args, **kwargs):
    return model.download_mojo(path="/models/churn/", get_genmodel_jar=True)
