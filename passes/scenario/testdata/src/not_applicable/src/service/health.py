from fastapi import FastAPI

MODEL_NAME = "churn"
app = FastAPI()


@app.get("/health")
def health():
    return {"status": "ok", "model": MODEL_NAME}
