"""The laptop's LAN address, found by listing the network interfaces: nothing is sent."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

import ifaddr

DEFAULT_PORT = 8080


# Bridges and tunnels of containers, VMs and VPNs: a phone in the room cannot reach these.
VIRTUAL = ("docker", "br-", "veth", "virbr", "vmnet", "vboxnet", "utun", "tun", "tap", "wg", "zt")
# Home and venue Wi-Fi hand out 192.168/16 most, then 10/8; 172.16/12 is mostly containers.
RANGES = [ipaddress.ip_network(n) for n in ("192.168.0.0/16", "10.0.0.0/8", "172.16.0.0/12")]


def _rank(adapter_name: str, addr: ipaddress.IPv4Address) -> tuple[int, int]:
    virtual = adapter_name.lower().startswith(VIRTUAL)
    where = next((i for i, net in enumerate(RANGES) if addr in net), len(RANGES))
    return (1 if virtual else 0, where if addr.is_private else len(RANGES) + 1)


def _candidates(adapters: Iterable[ifaddr.Adapter]) -> list[ipaddress.IPv4Address]:
    found: list[tuple[tuple[int, int], ipaddress.IPv4Address]] = []
    for adapter in adapters:
        for ip in adapter.ips:
            if not isinstance(ip.ip, str):
                continue  # IPv6 comes as a tuple; a phone's browser wants a plain host
            try:
                addr = ipaddress.IPv4Address(ip.ip)
            except ipaddress.AddressValueError:
                continue
            if addr.is_loopback or addr.is_link_local or addr.is_unspecified or addr.is_multicast:
                continue
            found.append((_rank(adapter.nice_name or adapter.name, addr), addr))
    return [addr for _, addr in sorted(found, key=lambda pair: pair[0])]


def pick_address(adapters: Iterable[ifaddr.Adapter]) -> str | None:
    """The best IPv4 address of these interfaces: a private one on a real interface first."""
    found = _candidates(adapters)
    return str(found[0]) if found else None


def lan_address() -> str | None:
    """This machine's LAN IPv4 address (private preferred), or None when there is none."""
    return pick_address(ifaddr.get_adapters())
