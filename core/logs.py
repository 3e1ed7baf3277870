"""Logging without secrets: screen tokens travel in the query string
(`/screens/<slug>/?token=…`, `/ws/screens/<slug>/?token=…`), and servers log
request lines with their query. `SecretQueryFilter` replaces the values of
secret query parameters in a record before any handler formats it.

The ASGI server sets up its own loggers before Django starts (uvicorn: its access
log format, `--log-level`, `--no-access-log`). Configuring them again through
`dictConfig` would drop their handlers, so `logging_configure` adds the filter to
the loggers named under the `filter_only` key of `LOGGING` and leaves the rest of
them as the server made them.
"""

import logging
import logging.config
import re
from collections.abc import Mapping
from typing import Any

from django.utils.module_loading import import_string

SECRET_QUERY_PARAMETERS = ("token",)
REDACTED = "[redacted]"
_SECRET_VALUE = re.compile(
    r"([?&;](?:%s)=)[^&;\s\"'\]]*" % "|".join(SECRET_QUERY_PARAMETERS),  # noqa: UP031
    re.IGNORECASE,
)


def secrets_redact(text: str) -> str:
    """`text` with the value of every secret query parameter replaced."""
    return _SECRET_VALUE.sub(rf"\g<1>{REDACTED}", text)


def _redact(value: Any) -> Any:
    return secrets_redact(value) if isinstance(value, str) else value


class SecretQueryFilter(logging.Filter):
    """Redacts secret query values in a record's message and its arguments.

    The arguments keep their shape: uvicorn's access formatter reads the request
    path from them, Daphne's dev server passes a dict.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = secrets_redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(_redact(arg) for arg in record.args)
        elif isinstance(record.args, Mapping):
            record.args = {key: _redact(value) for key, value in record.args.items()}
        return True


def logging_configure(config: dict) -> None:
    """Django's `LOGGING_CONFIG`: `dictConfig`, plus filters added to the
    loggers under `filter_only` without touching their handlers or level."""
    config = dict(config)
    filter_only: dict[str, list[str]] = config.pop("filter_only", {})
    logging.config.dictConfig(config)
    for logger_name, filter_names in filter_only.items():
        logger = logging.getLogger(logger_name)
        for filter_name in filter_names:
            spec = dict(config["filters"][filter_name])
            factory = import_string(spec.pop("()"))
            if not any(type(f) is factory for f in logger.filters):
                logger.addFilter(factory(**spec))
