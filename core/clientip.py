"""The client's IP address, taking X-Forwarded-For into account only from trusted proxies.

Behind the documented nginx every connection comes from 127.0.0.1; the real client is the
address nginx appends to X-Forwarded-For. That header is written by whoever sends the request,
so only the hops added by proxies in ``TRUSTED_PROXIES`` are believed: the client is the
right-most address that is not a trusted proxy. Used by login throttling and /healthz.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def trusted_networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    """The networks of TRUSTED_PROXIES (single addresses or CIDR networks), or ImproperlyConfigured."""
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError:
            raise ImproperlyConfigured(
                f"TRUSTED_PROXIES: {entry.strip()!r} is not an IP address or network (e.g. 127.0.0.1, 10.0.0.0/8)."
            ) from None
    return tuple(networks)


def _address(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def client_ip(request) -> str:
    """REMOTE_ADDR, or the right-most X-Forwarded-For address not added by a trusted proxy."""
    remote = request.META.get("REMOTE_ADDR", "")
    networks = trusted_networks(tuple(settings.TRUSTED_PROXIES))
    hop = _address(remote)
    if hop is None:
        return remote

    def trusted(address) -> bool:
        return any(address in network for network in networks)

    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    chain = [part for part in forwarded.split(",") if part.strip()]
    while trusted(hop) and chain:
        previous = _address(chain.pop())
        if previous is None:
            # A hop that is not an address: nothing left of it can be believed.
            break
        hop = previous
    return str(hop)
