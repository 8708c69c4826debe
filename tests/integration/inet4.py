"""IPv4 and ICMP packets built by hand, for the integration tests' Python helpers."""
import socket
import struct


def csum(data):
    """The Internet checksum (RFC 1071) of data."""
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF


def ipv4(src, dst, proto, payload):
    """An IPv4 packet (TTL 64, no options) from src to dst (dotted) carrying payload."""
    hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), 1, 0, 64, proto, 0,
                      socket.inet_aton(src), socket.inet_aton(dst))
    return hdr[:10] + struct.pack("!H", csum(hdr)) + hdr[12:] + payload


def echo_request(src, dst, ident, data):
    """An IPv4 ICMP echo request, sequence 1."""
    icmp = struct.pack("!BBHHH", 8, 0, 0, ident, 1) + data
    icmp = icmp[:2] + struct.pack("!H", csum(icmp)) + icmp[4:]
    return ipv4(src, dst, socket.IPPROTO_ICMP, icmp)
