from training.fit import fit  # want `service code imports training.fit.fit from the pipeline layer \(training/fit\).*move the shared code to shared \[LAYER101\]`
from shared.io import load
import notebooks.explore
