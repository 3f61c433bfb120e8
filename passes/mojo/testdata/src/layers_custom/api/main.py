from training.fit import fit  # want `service code imports training.fit.fit from the pipeline layer \(training/fit\).*move the shared code to shared \[MOJO701\]`
from shared.io import load
import notebooks.explore
