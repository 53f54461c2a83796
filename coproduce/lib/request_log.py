"""How refused requests are logged: one line each, without a traceback.

Django logs a PermissionDenied at WARNING with the exception's full traceback, so every
refusal (a person following a link their role does not open, a token asking for too much)
fills the log like a fault. A refusal is the rules working: `RefusalsOnOneLine` turns each
403 that `django.request` logs into one line with the method, the path, who asked and why,
and leaves every other record, with its traceback, as it was. It is installed on the
`django.request` logger in settings.LOGGING.
"""

import logging
from typing import Any

REFUSAL_REASON = "refusal_reason"  # set on the request by handlers that refuse without raising


def _escaped(text: str) -> str:
    # As Django escapes what it logs from a request, so a path cannot forge log lines.
    return text.encode("unicode_escape").decode("ascii")


def refusal_reason(request: Any, exception: BaseException | None) -> str:
    # The reason the refusing code left on the request first: a response can reach the log
    # without its exception (logged again by the handler after a middleware replaced it).
    reason = getattr(request, REFUSAL_REASON, "")
    return reason or (str(exception) if exception is not None else "") or "not allowed"


class RefusalsOnOneLine(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        # Once per record: logging.config adds filters without removing old ones, so a logger
        # configured twice (django.setup() run again in one process) holds two of these.
        if getattr(record, "status_code", None) != 403 or getattr(record, "refusal_done", False):
            return True
        record.refusal_done = True
        request = getattr(record, "request", None)
        exception = record.exc_info[1] if record.exc_info else None
        user = getattr(request, "user", None)
        user_id = user.pk if user is not None and user.is_authenticated else "anonymous"
        record.msg = "Refused %s %s for user %s: %s"
        record.args = (
            getattr(request, "method", "") or "",
            _escaped(getattr(request, "path", "") or ""),
            user_id,
            _escaped(refusal_reason(request, exception)),
        )
        record.exc_info = None
        record.exc_text = None
        record.stack_info = None
        return True
