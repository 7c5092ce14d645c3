"""Where a webhook may be sent. A URL that reaches the server's own network (loopback, private,
link-local such as a cloud's metadata service at 169.254.169.254, multicast, reserved) would let
an organiser probe it through us, so those are refused unless POLL_WEBHOOKS_ALLOW_PRIVATE_ADDRESSES
is set. The name is resolved when the endpoint is registered and again before every attempt."""

import asyncio
import ipaddress
import socket
from urllib.parse import urlsplit

from poll_service.errors import InvalidInput

MAX_URL = 2000


class AddressRefused(InvalidInput):
    """A URL that may not be used, with why (422 at registration, the last error of a delivery)."""


def _refused(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
    )


def check_shape(url: str) -> tuple[str, int]:
    """The host and port of a well-formed http(s) URL without credentials, or AddressRefused."""
    if len(url) > MAX_URL:
        raise AddressRefused(f"the URL is longer than {MAX_URL} characters")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise AddressRefused("the URL is not valid") from None
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise AddressRefused("the URL must start with https:// (or http://) and name a host")
    if parts.username is not None or parts.password is not None:
        raise AddressRefused("the URL may not hold a user name or password; sign with the secret instead")
    return parts.hostname, port or (443 if parts.scheme == "https" else 80)


async def check_destination(url: str, allow_private: bool) -> None:
    """Refuse a URL whose host is, or resolves to, an address inside the server's network."""
    host, port = check_shape(url)
    if allow_private:
        return
    try:
        addresses = [ipaddress.ip_address(host)]
    except ValueError:
        try:
            found = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except OSError:
            raise AddressRefused(f"the host {host} could not be found") from None
        addresses = [ipaddress.ip_address(info[4][0]) for info in found]
    for ip in addresses:
        if _refused(ip):
            raise AddressRefused(
                f"{host} is a private, loopback or link-local address ({ip}); webhooks go to public"
                " addresses only"
            )
