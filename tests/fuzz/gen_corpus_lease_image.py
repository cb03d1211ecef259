#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Seed corpus for fuzz_lease_image: restore images of format version 1
(agent/lease_image.h), each behind the fuzzer's first octet (1: the
checksum is made right before decoding), and single records as the
store's column rec holds them (first octet 2: version octet, record).
Written from the format's description, not from the encoder.

    tests/fuzz/gen_corpus_lease_image.py tests/fuzz/corpus/lease_image
"""
import os
import struct
import sys


def fnv(b):
    b = b + bytes(-len(b) % 4)
    h = 2166136261
    for (w,) in struct.iter_unpack("<I", b):
        h = ((h ^ w) * 16777619) & 0xffffffff
    return h


def var(b):
    return bytes([len(b)]) + b


def rec4(i, port=b"vcl1", bridge=b"br0", cid=b"br0:vcl1"):
    return (b"\0" + bytes([2, 0, 0, 0, 0, i]) +
            struct.pack("<HIqqI", i, 0, 2000000000 + i, 1999996400 + i, 3600) +
            bytes([192, 0, 2, 100 + i, 192, 0, 2, 1]) +
            var(port) + var(bridge) + var(cid))


def rec6(plen):
    return (b"\1" + bytes(6) + struct.pack("<HIqqI", 7, 1, 2**63 - 1, 0, 0xffffffff) +
            bytes(range(0x20, 0x30)) + bytes([plen]) + struct.pack("<I", 1800) +
            var(b"p" * 15) + var(b"b" * 15) + var(b"\xc1" * 63))


def image(recs):
    body = b"".join(recs)
    return (b"L2RI" + struct.pack("<HHIII", 1, 0, len(recs), len(body), fnv(body)) +
            body)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    seeds = {
        "empty": image([]),
        "one4": image([rec4(1)]),
        "mixed": image([rec4(1), rec6(0), rec4(2, b"", b"", b""), rec6(56)]),
    }
    recs = {
        "rec4": b"\1" + rec4(3),
        "rec6": b"\1" + rec6(60),
    }
    for name, b in seeds.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(b"\1" + b)
    for name, b in recs.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(b"\2" + b)


if __name__ == "__main__":
    main()
