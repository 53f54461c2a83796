"""Small typed readers for settings from the environment (no Django imports)."""

import os
from pathlib import Path


def envstr(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def envbool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ValueError(f"{name} must be true or false, not {value!r}")


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ValueError(f"{name} must be a whole number, not {value!r}") from None


def envlist(name: str, default: str = "") -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


def envsecret(name: str, default: str = "") -> str:
    """Read NAME, or the file named by NAME_FILE (for container and systemd secrets)."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        return Path(file_name).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


def local_site_url(host: str, port: str | int) -> str:
    """The address of a server started on this machine with HOST and PORT, for links in emails
    and QR codes when SITE_URL is not set. A server listening on every address (0.0.0.0 or ::)
    is reached at the loopback address; an IPv6 address is written in brackets."""
    host = host.strip() or "127.0.0.1"
    if host in {"0.0.0.0", "*"}:  # noqa: S104 - naming the wildcard, not listening on it
        host = "127.0.0.1"
    elif host.strip("[]") == "::":
        host = "[::1]"
    elif ":" in host and not host.startswith("["):
        host = f"[{host}]"
    try:
        number = int(str(port).strip())
    except ValueError:
        raise ValueError(f"PORT must be a whole number, not {port!r}") from None
    if not 0 < number < 65536:
        raise ValueError(f"PORT must be between 1 and 65535, not {number}")
    return f"http://{host}:{number}"
