import pickle

import h2o


def test_pojo_and_mojo_agree(model, tmp_path):
    model.download_pojo(path=str(tmp_path))  # ok: MOJO101 -- the test suite may export POJOs
    h2o.save_model(model, path=str(tmp_path))
    pickle.dumps(h2o.get_model("gbm"))
