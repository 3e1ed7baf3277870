"""What every JSON endpoint shares: the session login and the error answer.

Ninja's `django_auth` checks the CSRF token before it looks at the session, so a
request with no credentials at all (or only a wrong bearer token) was answered
403 "CSRF check Failed" where it should be 401 "log in first". `SessionAuth`
looks at the session first: nobody logged in is 401; a logged-in session must
still carry its CSRF token (403 without it), as every form on the site must.
"""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja import Schema
from ninja.security import APIKeyCookie


class SessionAuth(APIKeyCookie):
    """The browser's logged-in session; CSRF checked only for a real session."""

    param_name: str = settings.SESSION_COOKIE_NAME

    def __call__(self, request: HttpRequest) -> Any | None:
        if not request.user.is_authenticated:
            return None
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any | None:
        return request.user if request.user.is_authenticated else None


session_auth = SessionAuth()


class ErrorOut(Schema):
    """Every error answer: `detail` says what is wrong (a list of problems for
    invalid fields, each with its `loc`); `field` names the field when one is."""

    detail: str | list
    field: str | None = None


# The error answers every operation with a JSON body can give.
BODY_ERRORS: dict[int, type[Schema]] = {
    400: ErrorOut,  # the body is not JSON
    401: ErrorOut,  # no or unknown credentials
    422: ErrorOut,  # a field is missing or invalid
}
# A logged-in session without its CSRF token.
SESSION_ERRORS: dict[int, type[Schema]] = {403: ErrorOut}
