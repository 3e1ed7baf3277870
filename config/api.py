"""The JSON API (`/api/v1/`): one NinjaAPI; each app contributes a router."""

from ninja import NinjaAPI

from advocacy.guidelines.api import router as guidelines_router
from realtime.api import router as feedback_router

api = NinjaAPI(
    title="Boegbeeld API",
    version="1",
    urls_namespace="api_v1",
    description="Customer feedback ingest and guideline checks.",
)

api.add_router("/feedback", feedback_router)
api.add_router("/guidelines", guidelines_router)
