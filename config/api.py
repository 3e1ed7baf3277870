"""The JSON API (`/api/v1/`): one NinjaAPI; each app contributes a router."""

from typing import Any

from ninja import NinjaAPI

from advocacy.guidelines.api import router as guidelines_router
from config.api_docs import LocalSwagger
from core.unavailable import SERVICE_DOWN, service_unavailable
from realtime.api import openapi_schema_amend as feedback_schema_amend
from realtime.api import router as feedback_router


class BoegbeeldAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(**kwargs)
        feedback_schema_amend(schema)
        return schema


api = BoegbeeldAPI(
    title="Boegbeeld API",
    version="1",
    urls_namespace="api_v1",
    description="Customer feedback ingest and guideline checks.",
    docs=LocalSwagger(),
)

api.add_router("/feedback", feedback_router)
api.add_router("/guidelines", guidelines_router)

# A database or Redis that is down: 503 JSON with Retry-After, never an HTML 500.
for error in SERVICE_DOWN:
    api.add_exception_handler(error, service_unavailable)
