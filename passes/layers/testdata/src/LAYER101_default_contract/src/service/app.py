import pandas
from fastapi import FastAPI

import src.pipeline.train  # want `service code imports src.pipeline.train from the pipeline layer \(src/pipeline/train\).*move the shared code to src/common \[LAYER101\]`
from src.pipeline.features import encode  # want `service code imports src.pipeline.features.encode from the pipeline layer \(src/pipeline/features\).*\[LAYER101\]`
from pipeline import features  # want `imports pipeline.features from the pipeline layer \(src/pipeline/features\).*\[LAYER101\]`
from ..pipeline.features import encode as enc  # want `imports \.\.pipeline\.features\.encode from the pipeline layer.*\[LAYER101\]`
from src.common.features import normalize  # ok: LAYER101 -- the service may import the common library
from common import util
from . import routes

app = FastAPI()
