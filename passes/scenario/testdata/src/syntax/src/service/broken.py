import joblib

model = joblib.load("/models/model.pkl"
def predict(row):  # want `invalid syntax.*\[ACR001\]`
    return model.predict([row])
