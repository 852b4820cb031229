"""Structured logs: one JSON object a line, each with the id of the request it belongs to.

The request id comes from the X-Request-ID header a proxy in front set (when it looks like one),
otherwise it is made here; it is sent back in the response's X-Request-ID header, so a user's
error report, the proxy's log and ours can be matched."""

import contextvars
import json
import logging
import re
import uuid
from collections.abc import Callable
from datetime import UTC, datetime

import sentry_sdk
from django.http import HttpRequest, HttpResponse

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,200}$")


def request_id_from(header: str | None) -> str:
    if header and VALID_REQUEST_ID.match(header):
        return header
    return uuid.uuid4().hex


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request_id_from(request.headers.get("X-Request-ID"))
        # Kept until the response is closed (request_id_forget): Django logs "Not Found" and
        # server errors after the middleware has returned.
        request_id_var.set(request_id)
        sentry_sdk.set_tag("request_id", request_id)  # nothing happens without SENTRY_DSN
        response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response


def request_id_forget(**kwargs: object) -> None:
    """request_finished's receiver: log lines between requests belong to none."""
    request_id_var.set("")


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", ""),
        }
        status = getattr(record, "status_code", None)
        if status is not None:
            entry["status"] = status
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)
