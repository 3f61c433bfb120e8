import h2o

if 'data_exporter' not in globals():
    from mage_ai.data_preparation.decorators import data_exporter

MODEL_DIR = "/models/churn"


@data_exporter
def export(model, *args, **kwargs):
    # get_genmodel_jar=True writes the jar into the path first, so a file name becomes a directory
    model.download_mojo(path="/models/churn.zip", get_genmodel_jar=True)  # want `download_mojo with get_genmodel_jar=True makes "/models/churn.zip" a directory: .*writes the MOJO into it as <model_id>.zip.*pass a directory path and use the file path download_mojo returns \[MOJO106\]`
    model.download_mojo("/models/churn.ZIP", True)  # want `makes "/models/churn.ZIP" a directory.*\[MOJO106\]`
    model.download_mojo(f"/models/{model.model_id}.zip", get_genmodel_jar=True, genmodel_name="genmodel.jar")  # want `makes f"/models/\{model.model_id\}.zip" a directory.*\[MOJO106\]`
    model.download_mojo(path="/models/churn.mojo", get_genmodel_jar=True)  # want `makes "/models/churn.mojo" a directory.*\[MOJO106\]`
    model.save_mojo(path="/models/churn.zip", force=True)  # want `save_mojo treats path "/models/churn.zip" as a directory.*pass the directory as path and the file name as filename= \[MOJO106\]`
    # directories, with or without the trailing slash, and file names where the export writes a file
    model.download_mojo(path="/models/churn/", get_genmodel_jar=True)  # ok: MOJO104, MOJO105, MOJO106 -- a directory, with the genmodel jar
    model.download_mojo(path="/models/churn", get_genmodel_jar=True)
    model.download_mojo(path=MODEL_DIR, get_genmodel_jar=True)
    model.download_mojo(path="/models/v1.2", get_genmodel_jar=True)
    model.download_mojo(path=f"/models/{model.model_id}", get_genmodel_jar=True)
    model.save_mojo(path="/models", force=True, filename="churn.zip")
    # without the jar the path is the MOJO file; MOJO105 asks for the jar, written to a directory
    model.download_mojo(path="/models/churn.zip")  # want `download_mojo without get_genmodel_jar=True: .*pass get_genmodel_jar=True with a directory path, and download_mojo writes h2o-genmodel.jar and <model_id>.zip into it \[MOJO105\]`
    h2o.download_pojo(model, path="/models")  # want `export a MOJO with download_mojo\(<directory>, get_genmodel_jar=True\), which writes <model_id>.zip and h2o-genmodel.jar into the directory \[MOJO101\]`
