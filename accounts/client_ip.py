"""The address a request comes from, behind a known number of reverse proxies of ours."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: REMOTE_ADDR, or the entry our outermost proxy added to X-Forwarded-For.

    With N trusted proxies, each appends the address it received the request from, so the client
    is the Nth entry from the right. Entries further left come from the client itself and can be
    forged; a header shorter than N, or an entry that is not an address, means the request did
    not come through our proxies as configured, so the connection's own address is used.
    """
    remote = request.META.get("REMOTE_ADDR") or None
    count = settings.DIAM_TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    forwarded = [part.strip() for part in header.split(",") if part.strip()]
    if len(forwarded) < count:
        return remote
    candidate = forwarded[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
