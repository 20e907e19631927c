"""Which network addresses Communique may connect to, and connections pinned to an address that was checked.

Links in feeds are written by strangers: ``http://169.254.169.254/latest/meta-data/`` or a name that resolves to
``127.0.0.1`` would make the pipeline read the cloud metadata service or the machine's own admin ports (SSRF).
So every connection is made like this (:func:`connect`):

1. resolve the host with ``socket.getaddrinfo``;
2. classify every address (:func:`classify`) and drop the refused ones;
3. connect to one of the *checked* addresses (the socket is pinned to it: no second DNS lookup happens, so a
   name that answers "public" to the check and "127.0.0.1" to the connect, DNS rebinding, gains nothing).

The HTTP client makes every connection, the first and every redirect hop, through :func:`connect`, so
redirects are re-checked. Classes (``classify``):

=========== ======================================================= =====================================
class       addresses                                               allowed
=========== ======================================================= =====================================
public      globally routable                                       always
private     10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7, ...   with ``allow_private``
loopback    127/8, ::1                                              with ``allow_private``
link_local  169.254/16, fe80::/10                                   never
metadata    169.254.169.254, fd00:ec2::254, 100.100.100.200, ...    never
reserved    0.0.0.0, ::, multicast, 240/4, broadcast                never
=========== ======================================================= =====================================

IPv4 addresses embedded in IPv6 (``::ffff:a.b.c.d``, NAT64 ``64:ff9b::/96``, 6to4) are judged as the IPv4
address they carry. Pure logic, except :func:`resolve` and :func:`connect`.
"""
from __future__ import annotations

import ipaddress
import socket
from typing import List, Optional, Tuple, Union

from communique.transforms.errors import StageError

IPAddress = Union[ipaddress.IPv4Address, ipaddress.IPv6Address]

# Cloud instance-metadata and similar host-local services reachable from a VM.
METADATA_ADDRESSES = frozenset(ipaddress.ip_address(a) for a in (
    "169.254.169.254",   # AWS, GCP, Azure, OpenStack, DigitalOcean, ...
    "169.254.170.2",     # AWS ECS task metadata
    "169.254.169.123",   # AWS time sync
    "169.254.169.253",   # AWS DNS
    "fd00:ec2::254",     # AWS IMDS over IPv6
    "fd00:ec2::23",      # AWS DNS over IPv6
    "100.100.100.200",   # Alibaba Cloud
    "192.0.0.192",       # Oracle Cloud
))
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_ALWAYS_REFUSED = ("link_local", "metadata", "reserved")
_PRIVATE_CLASSES = ("private", "loopback")


def _embedded_ipv4(ip: IPAddress) -> Optional[ipaddress.IPv4Address]:
    if ip.version != 6:
        return None
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if ip.sixtofour is not None:
        return ip.sixtofour
    return None


def classify(address: Union[str, IPAddress]) -> str:
    """One of public, private, loopback, link_local, metadata, reserved (see the module docstring)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0] if isinstance(address, str) else address)
    inner = _embedded_ipv4(ip)
    if inner is not None:
        return classify(inner)
    if ip in METADATA_ADDRESSES:
        return "metadata"
    if ip.is_link_local:
        return "link_local"
    if ip.is_unspecified:
        return "reserved"
    if ip.is_loopback:
        return "loopback"
    if ip.is_multicast or ip.is_reserved or ip == ipaddress.IPv4Address("255.255.255.255"):
        return "reserved"
    if ip.is_global:
        return "public"
    return "private"  # RFC 1918, unique-local, CGNAT, documentation and benchmark ranges, ...


def is_allowed(address: Union[str, IPAddress], allow_private: bool = False) -> bool:
    kind = classify(address)
    if kind in _ALWAYS_REFUSED:
        return False
    return kind == "public" or (allow_private and kind in _PRIVATE_CLASSES)


def refusal(host: str, address: str, allow_private: bool) -> StageError:
    """The blocked_address error for a refused address."""
    kind = classify(address)
    hint = "" if allow_private or kind in _ALWAYS_REFUSED else " (--allow-private-network permits it)"
    return StageError("blocked_address", f"{host} resolves to {address}, a {kind.replace('_', '-')} address{hint}")


def resolve(host: str, port: int) -> List[Tuple[int, str]]:
    """(family, address) pairs for host:port, in getaddrinfo's order, without duplicates."""
    seen, found = set(), []
    for family, _, _, _, sockaddr in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM):
        if family not in (socket.AF_INET, socket.AF_INET6):
            continue
        address = sockaddr[0]
        if address not in seen:
            seen.add(address)
            found.append((family, address))
    return found


def allowed_addresses(host: str, port: int, allow_private: bool) -> List[Tuple[int, str]]:
    """The resolved addresses of host that may be contacted; StageError('blocked_address') when none."""
    addresses = resolve(host.strip("[]"), port)
    allowed = [(family, a) for family, a in addresses if is_allowed(a, allow_private)]
    if not allowed:
        if not addresses:
            raise StageError("connection", f"{host} has no IPv4 or IPv6 address")
        raise refusal(host, addresses[0][1], allow_private)
    return allowed


def connect(host: str, port: int, timeout: Optional[float], allow_private: bool,
            socket_options=None) -> socket.socket:
    """A TCP socket to a checked address of host:port (tried in order); raises StageError or OSError."""
    last_error: Optional[OSError] = None
    for family, address in allowed_addresses(host, port, allow_private):
        sock = socket.socket(family, socket.SOCK_STREAM)
        try:
            for level, name, value in socket_options or ():
                sock.setsockopt(level, name, value)
            sock.settimeout(timeout)
            sock.connect((address, port))
            return sock
        except OSError as exc:
            last_error = exc
            sock.close()
    assert last_error is not None
    raise last_error
