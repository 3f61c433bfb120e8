"""The churn scoring API (FastAPI on asyncio)."""
