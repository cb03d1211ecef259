#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Write the seed corpus of fuzz_dhcp6_relay: a few real-looking messages,
in the shapes ISC dhclient -6 and dhcpd -6 send, bare and relayed.

Run from tests/: python3 fuzz/gen_corpus_dhcp6_relay.py
"""
import os
import struct

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                   "corpus", "dhcp6_relay")
CLIENT_DUID = bytes.fromhex("000100012d5e3a1102005e102030")
SERVER_DUID = bytes.fromhex("000100012d5e390002005e005301")
RELAY_DUID = bytes.fromhex("0003000102005e0053aa")
CLIENT_LL = bytes.fromhex("fe80000000000000") + bytes.fromhex("00005efffe102030")
ADDR = bytes.fromhex("20010db8000100000000000000000100")
PREFIX = bytes.fromhex("20010db8010000000000000000000000")
IAID = 0x5e102030


def opt(code, data):
    return struct.pack("!HH", code, len(data)) + data


def msg(mtype, xid, *opts):
    return bytes([mtype]) + xid.to_bytes(3, "big") + b"".join(opts)


def relay(mtype, hop, peer, *opts, link=b"\0" * 16):
    return bytes([mtype, hop]) + link + peer + b"".join(opts)


def ia(code, t1, t2, *opts):
    return opt(code, struct.pack("!III", IAID, t1, t2) + b"".join(opts))


def iaaddr(addr, pref, valid, *opts):
    return opt(5, addr + struct.pack("!II", pref, valid) + b"".join(opts))


def iaprefix(pref, valid, plen, prefix, *opts):
    return opt(26, struct.pack("!IIB", pref, valid, plen) + prefix +
               b"".join(opts))


def status(code, text):
    return opt(13, struct.pack("!H", code) + text)


def main():
    os.makedirs(OUT, exist_ok=True)
    oro = opt(6, struct.pack("!HHH", 23, 24, 39))
    solicit = msg(1, 0x8a3b2c, opt(1, CLIENT_DUID), opt(8, b"\0\0"), oro,
                  ia(3, 0, 0), ia(25, 0, 0))
    reply = msg(7, 0x8a3b2d, opt(2, SERVER_DUID), opt(1, CLIENT_DUID),
                ia(3, 3600, 5760, iaaddr(ADDR, 7200, 10800),
                   status(0, b"assigned")),
                ia(25, 3600, 5760, iaprefix(7200, 10800, 56, PREFIX)))
    release = msg(8, 0x123456, opt(1, CLIENT_DUID), opt(2, SERVER_DUID),
                  ia(3, 0, 0, iaaddr(ADDR, 0, 0)),
                  ia(25, 0, 0, iaprefix(0, 0, 56, PREFIX)))
    nobind = msg(7, 0x123457, opt(1, CLIENT_DUID),
                 ia(3, 0, 0, status(3, b"no binding")))
    forw = relay(12, 0, CLIENT_LL, opt(18, b"br0:eth1"),
                 opt(37, struct.pack("!I", 32473) + b"\x02\x00\x5e\x00\x53\xaa"),
                 opt(53, RELAY_DUID), opt(9, solicit))
    forw2 = relay(12, 1, CLIENT_LL, opt(18, b"br1:up0"), opt(9, forw))
    repl = relay(13, 0, CLIENT_LL, opt(18, b"br0:eth1"), opt(9, reply))
    repl2 = relay(13, 0, CLIENT_LL, opt(9, repl), opt(18, b"br1:up0"))
    # As deep as the walker follows (32 relay levels), and one more.
    deep = solicit
    for _ in range(32):
        deep = relay(12, 0, CLIENT_LL, opt(18, b"p"), opt(9, deep))
    deeper = relay(12, 0, CLIENT_LL, opt(18, b"p"), opt(9, deep))
    for name, data in (("relay_forw_32", deep), ("relay_forw_33", deeper),
                       ("solicit", solicit), ("reply", reply),
                       ("release", release), ("reply_nobinding", nobind),
                       ("relay_forw", forw), ("relay_forw_2", forw2),
                       ("relay_repl", repl), ("relay_repl_2", repl2)):
        with open(os.path.join(OUT, name + ".bin"), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
