# The application: no async def here, the handlers live in other modules.
from fastapi import FastAPI

from app import health
from app.api import router

app = FastAPI()
app.include_router(router)
app.add_api_route("/health", health.check)
