import daimojo.model


def load():
    return daimojo.model("/models/pipeline.mojo")
