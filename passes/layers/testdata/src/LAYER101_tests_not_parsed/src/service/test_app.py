import src.pipeline.train  # ok: LAYER101 -- a test may import the layer it tests
