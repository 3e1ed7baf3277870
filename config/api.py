"""The JSON API (`/api/v1/`): one NinjaAPI; each app contributes a router."""

from ninja import NinjaAPI

api = NinjaAPI(
    title="Boegbeeld API",
    version="1",
    urls_namespace="api_v1",
    description="Customer feedback ingest and guideline checks.",
)
