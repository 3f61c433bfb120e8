from sklearn.linear_model import LogisticRegression

if 'transformer' not in globals():
    from mage_ai.data_preparation.decorators import transformer


@transformer
def train_model(frame, *args, **kwargs):
    return LogisticRegression().fit(frame.drop(columns='y'), frame.y)
