#!/usr/bin/env python3
"""Writes the H2O-3 MOJOs under mojos/ that the genmodel differential test reads.

Run with the h2o Python package at 3.46.0.11, the last release that exports MOJOs without
Enterprise (3.46.0.12 gated export, GH-16910), and a JDK on PATH:

    pip install h2o==3.46.0.11
    python3 verify/genmodel/testdata/generate.py verify/genmodel/testdata/mojos

Every model is trained on small synthetic data with fixed seeds, so a rerun gives models of the
same shape (H2O does not promise identical bytes). Each MOJO is written as <algo>_<case>.zip.
"""
import os
import random
import shutil
import sys
import tempfile

import h2o
from h2o.estimators import (
    H2OCoxProportionalHazardsEstimator, H2ODeepLearningEstimator, H2OExtendedIsolationForestEstimator,
    H2OGeneralizedAdditiveEstimator, H2OGeneralizedLinearEstimator, H2OGeneralizedLowRankEstimator,
    H2OGradientBoostingEstimator, H2OIsolationForestEstimator, H2OIsotonicRegressionEstimator,
    H2OKMeansEstimator, H2OPrincipalComponentAnalysisEstimator, H2ORandomForestEstimator,
    H2ORuleFitEstimator, H2OStackedEnsembleEstimator, H2OTargetEncoderEstimator,
    H2OUpliftRandomForestEstimator, H2OWord2vecEstimator, H2OXGBoostEstimator)

ROWS = 300


def frame(seed):
    rnd = random.Random(seed)
    cols = {"x1": [], "x2": [], "x3": [], "cat": [], "y_num": [], "y_bin": [], "y_multi": [],
            "time": [], "event": [], "treat": []}
    for _ in range(ROWS):
        x1, x2, x3 = rnd.gauss(0, 1), rnd.uniform(-2, 2), rnd.gauss(5, 2)
        cat = rnd.choice(["red", "green", "blue", "amber"])
        score = 1.5 * x1 - x2 + (0.8 if cat == "red" else 0) + rnd.gauss(0, 0.3)
        cols["x1"].append(x1); cols["x2"].append(x2); cols["x3"].append(x3); cols["cat"].append(cat)
        cols["y_num"].append(score)
        cols["y_bin"].append("yes" if score > 0 else "no")
        cols["y_multi"].append("low" if score < -1 else "mid" if score < 1 else "high")
        cols["time"].append(abs(rnd.gauss(10, 4)) + 0.1)
        cols["event"].append(1 if rnd.random() < 0.6 else 0)
        cols["treat"].append("treatment" if rnd.random() < 0.5 else "control")
    fr = h2o.H2OFrame(cols)
    for c in ("cat", "y_bin", "y_multi", "treat"):
        fr[c] = fr[c].asfactor()
    return fr


def main(out):
    os.makedirs(out, exist_ok=True)
    h2o.init(nthreads=2, max_mem_size="1G", strict_version_check=True)
    h2o.no_progress()
    fr = frame(42)
    x = ["x1", "x2", "x3", "cat"]
    written = []

    def save(name, model):
        tmp = tempfile.mkdtemp()
        path = model.download_mojo(path=tmp)
        dest = os.path.join(out, name + ".zip")
        shutil.move(path, dest)
        shutil.rmtree(tmp)
        written.append(dest)
        print("wrote", dest, os.path.getsize(dest), "bytes", flush=True)

    def fit(name, est, **kw):
        try:
            est.train(training_frame=fr, **kw)
            save(name, est)
        except Exception as e:  # an algorithm this build cannot train (XGBoost without its native library)
            print("skipped", name, type(e).__name__, str(e).splitlines()[0] if str(e) else "", flush=True)

    common = dict(seed=1)
    for y, tag in (("y_num", "regression"), ("y_bin", "binomial"), ("y_multi", "multinomial")):
        fit(f"gbm_{tag}", H2OGradientBoostingEstimator(ntrees=5, max_depth=3, **common), x=x, y=y)
        fit(f"drf_{tag}", H2ORandomForestEstimator(ntrees=5, max_depth=4, **common), x=x, y=y)
        family = {"regression": "gaussian", "binomial": "binomial", "multinomial": "multinomial"}[tag]
        fit(f"glm_{tag}", H2OGeneralizedLinearEstimator(family=family, **common), x=x, y=y)
        fit(f"deeplearning_{tag}", H2ODeepLearningEstimator(hidden=[4], epochs=2, reproducible=True, **common), x=x, y=y)
        fit(f"xgboost_{tag}", H2OXGBoostEstimator(ntrees=5, max_depth=3, **common), x=x, y=y)
        fit(f"rulefit_{tag}", H2ORuleFitEstimator(min_rule_length=1, max_rule_length=2, max_num_rules=5, **common), x=x, y=y)
    fit("glm_poisson", H2OGeneralizedLinearEstimator(family="poisson", **common), x=["x1", "x2", "cat"], y="time")
    fit("gam_regression", H2OGeneralizedAdditiveEstimator(family="gaussian", gam_columns=["x1"], num_knots=[5], **common), x=["x2", "cat"], y="y_num")
    fit("gam_binomial", H2OGeneralizedAdditiveEstimator(family="binomial", gam_columns=["x1"], num_knots=[5], **common), x=["x2", "cat"], y="y_bin")
    fit("kmeans", H2OKMeansEstimator(k=3, **common), x=x)
    fit("isolationforest", H2OIsolationForestEstimator(ntrees=5, **common), x=x)
    fit("extendedisolationforest", H2OExtendedIsolationForestEstimator(ntrees=5, extension_level=1, **common), x=["x1", "x2", "x3"])
    fit("pca", H2OPrincipalComponentAnalysisEstimator(k=2, **common), x=["x1", "x2", "x3"])
    fit("glrm", H2OGeneralizedLowRankEstimator(k=2, max_iterations=5, **common), x=["x1", "x2", "x3"])
    fit("coxph", H2OCoxProportionalHazardsEstimator(start_column=None, stop_column="time"), x=["x1", "x2"], y="event")
    fit("isotonicregression", H2OIsotonicRegressionEstimator(), x=["x1"], y="y_num")
    fit("upliftdrf", H2OUpliftRandomForestEstimator(ntrees=5, max_depth=3, treatment_column="treat", **common), x=["x1", "x2", "x3"], y="y_bin")
    fit("targetencoder", H2OTargetEncoderEstimator(), x=["cat"], y="y_bin")

    # A stacked ensemble of two binomial models trained with the same folds.
    try:
        kw = dict(nfolds=3, fold_assignment="Modulo", keep_cross_validation_predictions=True, seed=1)
        g = H2OGradientBoostingEstimator(ntrees=5, max_depth=3, **kw); g.train(x=x, y="y_bin", training_frame=fr)
        d = H2ORandomForestEstimator(ntrees=5, max_depth=3, **kw); d.train(x=x, y="y_bin", training_frame=fr)
        se = H2OStackedEnsembleEstimator(base_models=[g, d], seed=1); se.train(x=x, y="y_bin", training_frame=fr)
        save("stackedensemble_binomial", se)
    except Exception as e:
        print("skipped stackedensemble", e, flush=True)

    # Word2Vec on a tiny corpus of words.
    try:
        words = h2o.H2OFrame({"w": [w for s in ["the model scores the row", "drift moves the data", "the row has data"] * 20 for w in s.split() + [None]]}).ascharacter()
        w2v = H2OWord2vecEstimator(vec_size=4, epochs=2, min_word_freq=1)
        w2v.train(training_frame=words)
        save("word2vec", w2v)
    except Exception as e:
        print("skipped word2vec", e, flush=True)

    h2o.cluster().shutdown()
    print(len(written), "MOJOs", flush=True)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "mojos"))
