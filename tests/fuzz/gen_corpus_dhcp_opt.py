#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Write the seed corpus of fuzz_dhcp_opt: a few real-looking messages.

Run from tests/: python3 fuzz/gen_corpus_dhcp_opt.py
"""
import os
import struct

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                   "corpus", "dhcp_opt")
MAC = bytes.fromhex("02005e102030")


def header(op, xid, flags=0, yiaddr=b"\0" * 4, giaddr=b"\0" * 4,
           sname=b"", file=b""):
    h = struct.pack("!BBBBIHH4s4s4s4s16s64s128s", op, 1, 6, 0, xid, 0,
                    flags, b"\0" * 4, yiaddr, b"\0" * 4, giaddr,
                    MAC.ljust(16, b"\0"), sname.ljust(64, b"\0"),
                    file.ljust(128, b"\0"))
    return h + bytes([99, 130, 83, 99])


def opt(code, data):
    return bytes([code, len(data)]) + data


def rai(circuit, remote=None, relay=None):
    body = opt(1, circuit)
    if remote:
        body += opt(2, remote)
    if relay:
        body += opt(12, relay)
    return opt(82, body)


END = b"\xff"
PRL = opt(55, bytes([1, 3, 6, 15, 28, 42, 51, 54, 58, 59, 119]))
CID = opt(61, b"\x01" + MAC)
MSGS = {
    # A client's DISCOVER, padded to the 300-octet BOOTP minimum.
    "discover": header(1, 0x3903F326) + opt(53, b"\x01") + CID +
    opt(57, b"\x05\xdc") + PRL + opt(12, b"laptop") + END,
    # A REQUEST with our option 82 (as the relay leaves it) last.
    "request_82": header(1, 0x3903F326, 0x8000) + opt(53, b"\x03") + CID +
    opt(50, bytes([192, 0, 2, 7])) + opt(54, bytes([192, 0, 2, 1])) +
    PRL + rai(b"br0:eth1", MAC, bytes.fromhex("00030001") + MAC) + END,
    # A server's OFFER echoing 82 in the middle, trailing pad.
    "offer_82_middle": header(2, 0x3903F326, 0, bytes([192, 0, 2, 7]),
                              bytes([192, 0, 2, 254])) +
    opt(53, b"\x02") + opt(54, bytes([192, 0, 2, 1])) +
    rai(b"br0:eth1:100", MAC) + opt(51, struct.pack("!I", 86400)) +
    opt(1, bytes([255, 255, 255, 0])) + opt(3, bytes([192, 0, 2, 1])) +
    END + b"\0" * 12,
    # An ACK overloaded into file and sname, an 82 in each.
    "ack_overloaded": header(
        2, 0x11223344, 0, bytes([192, 0, 2, 7]),
        sname=opt(15, b"example.net") + rai(b"sname") + END,
        file=opt(66, b"tftp.example.net") + opt(67, b"pxelinux.0") +
        rai(b"file", b"r") + END) +
    opt(52, b"\x03") + opt(53, b"\x05") + opt(54, bytes([192, 0, 2, 1])) +
    opt(51, struct.pack("!I", 3600)) + END,
}
MSGS["discover"] = MSGS["discover"].ljust(300, b"\0")

os.makedirs(OUT, exist_ok=True)
for name, msg in MSGS.items():
    with open(os.path.join(OUT, name + ".bin"), "wb") as f:
        f.write(msg)
