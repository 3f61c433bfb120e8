import src.pipeline.train  # want `service code imports src.pipeline.train from the pipeline layer.*\[LAYER101\]`
