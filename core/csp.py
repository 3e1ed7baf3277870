"""Content-Security-Policy: pages load nothing from another host.

The policy itself is in settings (`CONTENT_SECURITY_POLICY`, django-csp). The CMS
and the API docs come from libraries whose templates carry small inline scripts
(Wagtail's inline panels and date pickers); those areas allow inline scripts but,
like everything else, still no other host.
"""

from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase


class SiteCSPMiddleware(CSPMiddleware):
    def get_policy_parts(
        self,
        request: HttpRequest,
        response: HttpResponseBase,
        report_only: bool = False,
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith(tuple(settings.BOEGBEELD_CSP_INLINE_SCRIPTS)):
            update = dict(parts.update or {})
            update["script-src"] = [*update.get("script-src", []), UNSAFE_INLINE]
            parts.update = update
        return parts
