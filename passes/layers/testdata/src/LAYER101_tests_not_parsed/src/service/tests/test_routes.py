from src.pipeline.train import fit  # ok: LAYER101 -- a test may import the layer it tests
