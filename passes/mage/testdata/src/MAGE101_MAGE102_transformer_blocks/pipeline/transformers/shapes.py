from mage_ai.data_preparation.decorators import transformer


@transformer
def to_records(df, *args, **kwargs):
    return df.to_dict("records")  # want `transformer to_records returns a dict \(.to_dict\(\)\), not a DataFrame.*\[MAGE101\]`


@transformer
def counts(df, *args, **kwargs):
    if df.empty:
        return None  # want `transformer counts returns None, not a DataFrame`
    return {"rows": len(df)}  # want `transformer counts returns a dict, not a DataFrame`


@transformer
def forgets(df, *args, **kwargs):  # want `transformer forgets returns nothing: the next block receives None`
    df["x"] = 1


@transformer
def matrix(df, *args, **kwargs):
    return df.values  # want `returns a NumPy array \(.values\)`


@transformer
def split(df, *args, **kwargs):
    # several DataFrames may be returned as a list
    train = df.sample(frac=0.8)
    return [train, df.drop(train.index)]


@transformer
def nested(df, *args, **kwargs):
    def helper():
        return {"not": "the block's return"}
    helper()
    return df
