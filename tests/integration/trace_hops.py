#!/usr/bin/env python3
"""A traceroute for the integration tests (no traceroute on the build machines).

usage: trace_hops.py DST [MAX_TTL]
One UDP probe per TTL to DST port 33434 + TTL; prints a line per TTL:
"TTL SOURCE TYPE" for the ICMP error that quotes the probe (11: time
exceeded, 3: the destination's port unreachable, which ends the trace), or
"TTL * -" when none came within 2 seconds.
"""
import socket
import struct
import sys
import time

BASE_PORT = 33434


def quoted_port(packet):
    """The destination port of the UDP probe an ICMP error quotes, or None."""
    hl = (packet[0] & 15) * 4
    inner = packet[hl + 8:]
    if len(inner) < 20 or inner[9] != socket.IPPROTO_UDP:
        return None
    ihl = (inner[0] & 15) * 4
    if len(inner) < ihl + 4:
        return None
    return struct.unpack("!H", inner[ihl + 2:ihl + 4])[0]


def probe(dst, ttl, icmp):
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.setsockopt(socket.IPPROTO_IP, socket.IP_TTL, ttl)
    udp.sendto(b"ferry-trace", (dst, BASE_PORT + ttl))
    deadline = time.monotonic() + 2
    while time.monotonic() < deadline:
        icmp.settimeout(max(deadline - time.monotonic(), 0.01))
        try:
            packet, (src, _) = icmp.recvfrom(2048)
        except socket.timeout:
            break
        hl = (packet[0] & 15) * 4
        if len(packet) >= hl + 8 and quoted_port(packet) == BASE_PORT + ttl:
            return src, packet[hl]
    return "*", None


def main():
    dst = sys.argv[1]
    max_ttl = int(sys.argv[2]) if len(sys.argv) > 2 else 8
    icmp = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
    for ttl in range(1, max_ttl + 1):
        src, kind = probe(dst, ttl, icmp)
        print(ttl, src, "-" if kind is None else kind, flush=True)
        if kind == 3:
            break


if __name__ == "__main__":
    main()
