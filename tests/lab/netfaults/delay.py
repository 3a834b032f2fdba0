#!/usr/bin/env python3
"""delay.py A B MS — a slow link in userspace, for kernels without netem.

Forwards every Ethernet frame between interfaces A and B of this network
namespace (AF_PACKET), each one MS milliseconds after it arrived: a wire
with that one-way delay, both ways. The namespace must have no addresses on
A and B (it is a cable, not a host). Prints "ready" once both sockets are
bound. Stops on SIGTERM.

A veth hands over TCP and UDP segments with the checksum left to the
hardware (there is none): read from a packet socket they carry a partial
sum, and a host would drop them once sent on. Every IPv4 TCP/UDP checksum is
therefore computed afresh before sending (a no-op on a correct one). For
the same reason a TCP segment may come larger than the wire's MTU (left to
the hardware to cut): it is cut here into segments of at most 1500 bytes.
"""
import heapq
import select
import socket
import sys
import time

ETH_P_ALL = 3


def fold(total):
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return total


def sum16(data):
    if len(data) % 2:
        data += b"\0"
    return sum(int.from_bytes(data[i:i + 2], "big") for i in range(0, len(data), 2))


def fix_checksum(frame):
    """The frame with its IPv4 TCP/UDP checksum computed; others unchanged."""
    if len(frame) < 34 or frame[12:14] != b"\x08\x00":
        return frame
    ihl = (frame[14] & 0x0F) * 4
    total = int.from_bytes(frame[16:18], "big")
    proto = frame[23]
    if proto not in (6, 17) or int.from_bytes(frame[20:22], "big") & 0x3FFF:
        return frame  # not TCP/UDP, or a fragment
    l4 = bytearray(frame[14 + ihl:14 + total])
    at = 16 if proto == 6 else 6
    if len(l4) < at + 2:
        return frame
    l4[at:at + 2] = b"\0\0"
    pseudo = frame[26:34] + bytes([0, proto]) + len(l4).to_bytes(2, "big")
    csum = 0xFFFF - fold(sum16(pseudo) + sum16(bytes(l4)))
    if proto == 17 and csum == 0:
        csum = 0xFFFF
    l4[at:at + 2] = csum.to_bytes(2, "big")
    return frame[:14 + ihl] + bytes(l4) + frame[14 + total:]


def segments(frame, mtu=1500):
    """An IPv4 TCP frame larger than the MTU cut into frames that fit."""
    if len(frame) <= 14 + mtu or frame[12:14] != b"\x08\x00" or frame[23] != 6:
        return [frame]
    ihl = (frame[14] & 0x0F) * 4
    total = int.from_bytes(frame[16:18], "big")
    l4 = frame[14 + ihl:14 + total]
    thl = (l4[12] >> 4) * 4
    payload, seq = l4[thl:], int.from_bytes(l4[4:8], "big")
    mss = mtu - ihl - thl
    out = []
    for n, off in enumerate(range(0, len(payload), mss)):
        chunk = payload[off:off + mss]
        last = off + mss >= len(payload)
        tcp = bytearray(l4[:thl])
        tcp[4:8] = ((seq + off) & 0xFFFFFFFF).to_bytes(4, "big")
        if not last:
            tcp[13] &= ~0x09 & 0xFF  # FIN and PSH go with the last piece only
        ip = bytearray(frame[14:14 + ihl])
        ip[2:4] = (ihl + thl + len(chunk)).to_bytes(2, "big")
        ip[4:6] = ((int.from_bytes(ip[4:6], "big") + n) & 0xFFFF).to_bytes(2, "big")
        ip[10:12] = b"\0\0"
        ip[10:12] = (0xFFFF - fold(sum16(bytes(ip)))).to_bytes(2, "big")
        out.append(frame[:14] + bytes(ip) + bytes(tcp) + chunk)
    return out


def main():
    a, b, delay = sys.argv[1], sys.argv[2], float(sys.argv[3]) / 1000.0
    socks = []
    for name in (a, b):
        s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
        s.bind((name, 0))
        s.setblocking(False)
        socks.append(s)
    peer = {socks[0]: socks[1], socks[1]: socks[0]}
    queue = []  # (due, sequence, socket to send on, frame)
    seq = 0
    print("ready", flush=True)
    while True:
        wait = max(0.0, queue[0][0] - time.monotonic()) if queue else None
        ready, _, _ = select.select(socks, [], [], wait)
        for s in ready:
            while True:
                try:
                    frame, addr = s.recvfrom(65536)
                except BlockingIOError:
                    break
                if addr[2] == socket.PACKET_OUTGOING:
                    continue  # our own sends, seen again
                seq += 1
                heapq.heappush(queue, (time.monotonic() + delay, seq, peer[s], frame))
        now = time.monotonic()
        while queue and queue[0][0] <= now:
            _, _, out, frame = heapq.heappop(queue)
            for piece in segments(frame):
                try:
                    out.send(fix_checksum(piece))
                except OSError:
                    pass  # a frame the link cannot carry is lost, as on a wire


if __name__ == "__main__":
    main()
