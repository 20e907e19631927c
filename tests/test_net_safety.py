"""net_safety: which addresses may be contacted (pure), and connections pinned to the address checked."""
from __future__ import annotations

import socket

import pytest

from communique.transforms import net_safety
from communique.transforms.errors import StageError
from communique.transforms.net_safety import classify, is_allowed


@pytest.mark.parametrize(
    "address, kind, allowed, allowed_with_private",
    [
        ("127.0.0.1", "loopback", False, True),
        ("127.255.0.9", "loopback", False, True),
        ("10.0.0.7", "private", False, True),
        ("172.16.5.4", "private", False, True),
        ("172.31.255.255", "private", False, True),
        ("192.168.1.1", "private", False, True),
        ("100.64.0.1", "private", False, True),          # carrier-grade NAT
        ("169.254.169.254", "metadata", False, False),
        ("169.254.170.2", "metadata", False, False),
        ("100.100.100.200", "metadata", False, False),
        ("169.254.1.1", "link_local", False, False),
        ("0.0.0.0", "reserved", False, False),
        ("255.255.255.255", "reserved", False, False),
        ("224.0.0.1", "reserved", False, False),
        ("::1", "loopback", False, True),
        ("fd00:ec2::254", "metadata", False, False),
        ("fc00::1", "private", False, True),
        ("fe80::1", "link_local", False, False),
        ("fe80::1%eth0", "link_local", False, False),
        ("::", "reserved", False, False),
        ("::ffff:127.0.0.1", "loopback", False, True),   # IPv4-mapped
        ("::ffff:169.254.169.254", "metadata", False, False),
        ("64:ff9b::a9fe:a9fe", "metadata", False, False),  # NAT64 of 169.254.169.254
        ("2002:a9fe:a9fe::1", "metadata", False, False),   # 6to4 of 169.254.169.254
        ("93.184.216.34", "public", True, True),
        ("2606:2800:220:1:248:1893:25c8:1946", "public", True, True),
    ],
)
def test_classify_and_allow(address, kind, allowed, allowed_with_private):
    assert classify(address) == kind
    assert is_allowed(address) is allowed
    assert is_allowed(address, allow_private=True) is allowed_with_private


def _fake_dns(monkeypatch, answers):
    """getaddrinfo answering from ``answers`` (a list of address lists, one per call); never the network."""
    calls = []

    def getaddrinfo(host, port, *args, **kwargs):
        addresses = answers[min(len(calls), len(answers) - 1)]
        calls.append(host)
        return [(socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port))
                for a in addresses]
    monkeypatch.setattr(net_safety.socket, "getaddrinfo", getaddrinfo)
    return calls


@pytest.mark.parametrize("addresses, allow_private, message", [
    (["169.254.169.254"], True, "a.example resolves to 169.254.169.254, a metadata address"),
    (["127.0.0.1"], False, "a.example resolves to 127.0.0.1, a loopback address (--allow-private-network permits it)"),
    (["10.1.2.3", "fe80::1"], False, "a.example resolves to 10.1.2.3, a private address (--allow-private-network"),
])
def test_allowed_addresses_refuses(monkeypatch, addresses, allow_private, message):
    _fake_dns(monkeypatch, [addresses])
    with pytest.raises(StageError) as caught:
        net_safety.allowed_addresses("a.example", 80, allow_private)
    assert caught.value.error_type == "blocked_address"
    assert caught.value.message.startswith(message)


def test_allowed_addresses_keeps_only_the_allowed_ones(monkeypatch):
    _fake_dns(monkeypatch, [["169.254.169.254", "93.184.216.34", "127.0.0.1"]])
    assert net_safety.allowed_addresses("mixed.example", 443, False) == [(socket.AF_INET, "93.184.216.34")]


def test_connect_uses_the_checked_address_without_resolving_again(monkeypatch):
    """DNS rebinding: the name says 127.0.0.1 when checked, 169.254.169.254 afterwards; the socket is pinned."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    port = server.getsockname()[1]
    calls = _fake_dns(monkeypatch, [["127.0.0.1"], ["169.254.169.254"]])
    try:
        sock = net_safety.connect("rebind.example", port, 2.0, allow_private=True)
        assert sock.getpeername()[:2] == ("127.0.0.1", port)
        sock.close()
        assert calls == ["rebind.example"]
        with pytest.raises(StageError) as caught:  # the next connection resolves anew, and is refused
            net_safety.connect("rebind.example", port, 2.0, allow_private=True)
        assert caught.value.error_type == "blocked_address"
    finally:
        server.close()
