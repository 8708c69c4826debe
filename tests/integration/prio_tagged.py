#!/usr/bin/env python3
"""A datagram behind an 802.1Q priority tag (VLAN id 0), and its count and TTL where it lands.

prio_tagged.py send IFACE ROUTER_MAC SRC DST PORT: one UDP datagram, TTL 64, in a frame tagged
    with priority 5 and VLAN id 0, out of IFACE to ROUTER_MAC.
prio_tagged.py recv PORT SECONDS: prints how many datagrams reached PORT within SECONDS and the
    TTL of the last ("0 0": none).
"""
import socket
import struct
import sys
import time

IP_RECVTTL = 12  # the option; the message it brings is of type IP_TTL


def checksum(data):
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def send(iface, router_mac, src, dst, port):
    payload = b"priority-tagged"
    udp = struct.pack("!HHHH", 40000, port, 8 + len(payload), 0) + payload
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 1, 0, 64, 17, 0,
                     socket.inet_aton(src), socket.inet_aton(dst))
    ip = ip[:10] + struct.pack("!H", checksum(ip)) + ip[12:]
    sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    sock.bind((iface, 0))
    own = sock.getsockname()[4]
    tag = struct.pack("!HH", 0x8100, 5 << 13)  # priority 5, VLAN id 0
    sock.send(bytes.fromhex(router_mac.replace(":", "")) + own + tag + struct.pack("!H", 0x0800) + ip + udp)


def recv(port, seconds):
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.setsockopt(socket.IPPROTO_IP, IP_RECVTTL, 1)
    sock.bind(("0.0.0.0", port))
    count, ttl, end = 0, 0, time.time() + seconds
    while time.time() < end:
        sock.settimeout(max(end - time.time(), 0.01))
        try:
            _, anc, _, _ = sock.recvmsg(2048, 64)
        except socket.timeout:
            break
        count += 1
        for level, kind, data in anc:
            if level == socket.IPPROTO_IP and kind == socket.IP_TTL:
                ttl = struct.unpack("i", data[:4])[0]
    print(count, ttl)


if __name__ == "__main__":
    if sys.argv[1] == "send":
        send(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], int(sys.argv[6]))
    else:
        recv(int(sys.argv[2]), float(sys.argv[3]))
