import daimojo.model  # want `imports daimojo but the plan.s runtime is h2o-genmodel.*\[MOJO601\]`
import datatable


def load():
    return daimojo.model("/models/pipeline.mojo")
