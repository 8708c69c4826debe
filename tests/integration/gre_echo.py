#!/usr/bin/env python3
"""A ping through a GRE tunnel from its far end, for the integration tests.

usage: gre_echo.py LOCAL REMOTE KEY INNER_SRC INNER_DST
Sends from LOCAL to REMOTE a GRE packet (key KEY) carrying an ICMP echo
request from INNER_SRC to INNER_DST, and waits up to 5 seconds for the GRE
packet with the same key carrying the echo reply. Exit 0: answered; 1: not.
"""
import socket
import struct
import sys
import time

from inet4 import echo_request

GRE_KEY_PRESENT = 0x2000
ETH_P_IP = 0x0800
ECHO_ID = 0x4652


def is_reply(packet, key):
    """True for an IPv4 GRE packet with key carrying an ICMP echo reply of ours."""
    hl = (packet[0] & 15) * 4
    gre = packet[hl:]
    if len(gre) < 8 or not struct.unpack("!H", gre[:2])[0] & GRE_KEY_PRESENT:
        return False
    _, proto, got = struct.unpack("!HHI", gre[:8])
    inner = gre[8:]
    if got != key or proto != ETH_P_IP or len(inner) < 28 or inner[9] != socket.IPPROTO_ICMP:
        return False
    icmp = inner[(inner[0] & 15) * 4:]
    return len(icmp) >= 8 and icmp[0] == 0 and struct.unpack("!H", icmp[4:6])[0] == ECHO_ID


def main():
    local, remote, key, inner_src, inner_dst = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
    sock = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_GRE)
    sock.bind((local, 0))
    gre = struct.pack("!HHI", GRE_KEY_PRESENT, ETH_P_IP, key) + echo_request(inner_src, inner_dst, ECHO_ID, b"ferry-gre")
    sock.sendto(gre, (remote, 0))
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        sock.settimeout(max(deadline - time.monotonic(), 0.01))
        try:
            packet = sock.recv(65535)
        except socket.timeout:
            break
        if is_reply(packet, key):
            return 0
    return 1


if __name__ == "__main__":
    sys.exit(main())
