"""A local stand-in for the parts of GOV.UK Notify's API that Coproduce uses, for the tests.

It speaks POST /v2/notifications/email, /sms and /letter, checks the JWT the way Notify does
(HS256, signed with the key's secret, iss the service id, iat within 30 seconds) and answers with
Notify's own error shapes when told to fail.
"""

import json
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt

SERVICE_ID = "26785a09-ab16-4eb0-8407-a37497a57506"
SECRET = "3d844edf-8d35-48ac-975b-e847b4f122b0"
API_KEY = f"coproduce_test-{SERVICE_ID}-{SECRET}"

ERRORS = {
    400: ("ValidationError", "phone_number Not a UK mobile number"),
    403: ("AuthError", "Invalid token: signature, api token not found"),
    429: (
        "RateLimitError",
        "Exceeded rate limit for key type LIVE of 3000 requests per 60 seconds",
    ),
    500: ("Exception", "Internal server error"),
}


@dataclass
class FakeNotify:
    url: str = ""
    received: list[dict[str, Any]] = field(default_factory=list)
    # Status codes to answer with, one per request, before answering normally again.
    fail_with: list[int] = field(default_factory=list)
    requests: int = 0


def _checked(header: str) -> bool:
    if not header.startswith("Bearer "):
        return False
    try:
        claims = jwt.decode(
            header.removeprefix("Bearer "),
            SECRET,
            algorithms=["HS256"],
            options={"verify_iat": False, "require": ["iss", "iat"]},
        )
    except jwt.PyJWTError:
        return False
    return claims["iss"] == SERVICE_ID and abs(time.time() - int(claims["iat"])) <= 30


def start() -> tuple[FakeNotify, ThreadingHTTPServer]:
    state = FakeNotify()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:  # quiet
            pass

        def _answer(self, status: int, body: dict[str, Any]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _error(self, status: int) -> None:
            kind, text = ERRORS[status]
            self._answer(
                status, {"status_code": status, "errors": [{"error": kind, "message": text}]}
            )

        def do_POST(self) -> None:
            state.requests += 1
            length = int(self.headers.get("Content-Length") or 0)
            payload = json.loads(self.rfile.read(length) or b"{}")
            kind = self.path.removeprefix("/v2/notifications/")
            if kind not in ("email", "sms", "letter"):
                self._answer(404, {"status_code": 404, "errors": [{"error": "NotFound"}]})
                return
            if not _checked(self.headers.get("Authorization", "")):
                self._error(403)
                return
            if state.fail_with:
                self._error(state.fail_with.pop(0))
                return
            if kind == "sms" and not str(payload.get("phone_number", "")).replace(
                " ", ""
            ).startswith(("07", "+447")):
                self._error(400)
                return
            notification_id = str(uuid.uuid4())
            state.received.append({"kind": kind, "id": notification_id, **payload})
            self._answer(
                201,
                {
                    "id": notification_id,
                    "reference": payload.get("reference"),
                    "content": {"body": payload.get("personalisation", {}).get("body", "")},
                    "uri": f"{state.url}/v2/notifications/{notification_id}",
                    "template": {"id": payload.get("template_id"), "version": 1, "uri": ""},
                },
            )

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return state, server
