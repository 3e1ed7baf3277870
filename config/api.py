"""The JSON API (`/api/v1/`): one NinjaAPI; each app contributes a router."""

from ninja import NinjaAPI

from advocacy.guidelines.api import router as guidelines_router
from core.unavailable import SERVICE_DOWN, service_unavailable
from realtime.api import router as feedback_router

api = NinjaAPI(
    title="Boegbeeld API",
    version="1",
    urls_namespace="api_v1",
    description="Customer feedback ingest and guideline checks.",
)

api.add_router("/feedback", feedback_router)
api.add_router("/guidelines", guidelines_router)

# A database or Redis that is down: 503 JSON with Retry-After, never an HTML 500.
for error in SERVICE_DOWN:
    api.add_exception_handler(error, service_unavailable)
