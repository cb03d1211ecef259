#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host test of the Bulk Leasequery test responder (selftests/blq_responder.c):
# start it on 127.0.0.1 and ::1 (port 0) and check its answers on the wire
# with an independent client (inline Python, stdlib only: its own encoder
# and decoder), then each hostile switch once, then the switches that
# behave like Kea 3.0.x (--first-message-per-read, --max-concurrent,
# --kea30).  If tcpdump or tshark is there, a v6 exchange is also captured
# and dissected by tshark.
#
#   tests/blq_responder.sh [RESPONDER]
#
# Without RESPONDER the source is compiled into a temporary directory with
# -std=c11 -Wall -Wextra -Werror.  Prints TAP, the plan line "1..N" last:
# N is the number of checks planned, each printed on every path; exits 1 on
# any failure or if a check went missing.
set -u
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BASE=1700000000			# --base-time of every instance

source "$ROOT/tests/tap.sh"
tap_begin blq-responder

cat >"$dir/bindings" <<'BINDINGS'
# relay-id aa:bb:cc: .10 and .11 active, .12 expired; .13 under dd:ee
v4 addr=192.0.2.10 mac=02:00:00:00:00:01 client-id=01020000000001 lease=3600 cltt=100 circuit-id=eth0.1 remote-id=sub1 relay-id-hex=aa:bb:cc
v4 addr=192.0.2.11 mac=02:00:00:00:00:02 lease=3600 cltt=50 circuit-id=eth0.2 relay-id-hex=aabbcc   # same relay
v4 addr=192.0.2.12 mac=02:00:00:00:00:03 lease=3600 cltt=10 state=expired relay-id-hex=aabbcc
v4 addr=192.0.2.13 mac=02:00:00:00:00:04 lease=600 cltt=5 circuit-id-hex=0001 relay-id-hex=dd:ee

# relay DUID 00030001020000000001 on link 2001:db8::1: a1 and a2 (a3 released)
v6 addr=2001:db8::10 prefix=2001:db8:100::/56 duid=000300010200000000a1 iaid=1 lease=7200 preferred=3600 cltt=20 link=2001:db8::1 relay-id-hex=00030001020000000001 interface-id=eth0.1 remote-id=9:0102 peer=fe80::1 lladdr=02:00:00:00:00:a1
v6 addr=2001:db8::11 duid=000300010200000000a2 lease=7200 cltt=30 link=2001:db8::1 relay-id-hex=00030001020000000001
v6 addr=2001:db8::12 duid=000300010200000000a3 lease=7200 state=released link=2001:db8::1 relay-id-hex=00030001020000000001
BINDINGS

cat >"$dir/blqc.py" <<'PYTHON'
# An independent Bulk Leasequery client (stdlib only): its own encoder
# and decoder, sharing nothing with the responder or the agent.
#   python3 blqc.py CHECK HOST4 PORT4 HOST6 PORT6 [ARG]...
# Prints one line "ok: ..." or "FAIL: ..." and exits 0 or 1.
import socket
import struct
import sys
import time

COOKIE = b'\x63\x82\x53\x63'
REQUESTOR = bytes.fromhex('00030001020000000099')
SERVER_DUID = bytes.fromhex('00030001020000000001')
RELAY6 = bytes.fromhex('00030001020000000001')
BASE = 1700000000


class Fail(Exception):
    pass


def check(cond, what):
    if not cond:
        raise Fail(what)


def connect(host, port, timeout=5.0):
    fam = socket.AF_INET6 if ':' in host else socket.AF_INET
    s = socket.socket(fam, socket.SOCK_STREAM)
    s.settimeout(timeout)
    s.connect((host, int(port)))
    return s


def frame(m):
    return struct.pack('!H', len(m)) + m


def q4(xid, relay_id=None, remote_id=None, mac=None, client_id=None,
       start=None, end=None, ciaddr=None):
    h = bytearray(240)
    h[0] = 1
    struct.pack_into('!I', h, 4, xid)
    h[236:240] = COOKIE
    if mac is not None:
        h[1], h[2] = 1, len(mac)
        h[28:28 + len(mac)] = mac
    if ciaddr is not None:
        h[12:16] = socket.inet_aton(ciaddr)
    o = bytearray([53, 1, 14])
    if client_id is not None:
        o += bytes([61, len(client_id)]) + client_id
    rai = b''
    if remote_id is not None:
        rai += bytes([2, len(remote_id)]) + remote_id
    if relay_id is not None:
        rai += bytes([12, len(relay_id)]) + relay_id
    if rai:
        o += bytes([82, len(rai)]) + rai
    if start is not None:
        o += bytes([154, 4]) + struct.pack('!I', start)
    if end is not None:
        o += bytes([155, 4]) + struct.pack('!I', end)
    o += b'\xff'
    return bytes(h + o)


def opt6(code, data):
    return struct.pack('!HH', code, len(data)) + data


def q6(xid, qtype, link='::', opts=b'', requestor=REQUESTOR):
    lq = bytes([qtype]) + socket.inet_pton(socket.AF_INET6, link) + opts
    return (bytes([14]) + xid.to_bytes(3, 'big') + opt6(1, requestor) +
            opt6(44, lq))


def read_frames(s, limit=None, timeout=2.0, stop=None):
    """Read framed messages until EOF, reset, a quiet `timeout`, `limit`
    messages, or stop(msg) is true.  Returns (messages, end, rest) where
    end is eof|reset|timeout|limit|stop and rest the unframed tail."""
    buf = b''
    msgs = []
    s.settimeout(timeout)
    while True:
        while len(buf) >= 2:
            n = struct.unpack('!H', buf[:2])[0]
            if len(buf) < 2 + n:
                break
            msgs.append(buf[2:2 + n])
            buf = buf[2 + n:]
            if limit is not None and len(msgs) >= limit:
                return msgs, 'limit', buf
            if stop is not None and stop(msgs[-1]):
                return msgs, 'stop', buf
        try:
            d = s.recv(65536)
        except socket.timeout:
            return msgs, 'timeout', buf
        except ConnectionResetError:
            return msgs, 'reset', buf
        if not d:
            return msgs, 'eof', buf
        buf += d


def dec4(m):
    check(len(m) >= 240, 'v4 message shorter than 240')
    check(m[236:240] == COOKIE, 'v4 message without cookie')
    r = {'op': m[0], 'htype': m[1], 'hlen': m[2],
         'xid': struct.unpack('!I', m[4:8])[0],
         'ciaddr': socket.inet_ntoa(m[12:16]),
         'giaddr': socket.inet_ntoa(m[24:28]),
         'chaddr': m[28:28 + min(m[2], 16)], 'opts': {}, 'order': []}
    i, end = 240, False
    while i < len(m):
        c = m[i]
        if c == 0:
            i += 1
            continue
        if c == 255:
            end = True
            break
        check(i + 2 <= len(m) and i + 2 + m[i + 1] <= len(m),
              'v4 option %d truncated' % c)
        check(c not in r['opts'], 'v4 option %d repeated' % c)
        r['opts'][c] = m[i + 2:i + 2 + m[i + 1]]
        r['order'].append(c)
        i += 2 + m[i + 1]
    check(end, 'v4 message without END')
    check(len(r['opts'].get(53, b'')) == 1, 'v4 option 53 missing or bad')
    r['type'] = r['opts'][53][0]
    return r


def u32(b):
    check(len(b) == 4, 'a 4-octet option has %d octets' % len(b))
    return struct.unpack('!I', b)[0]


def subopts(b):
    r, i = {}, 0
    while i < len(b):
        check(i + 2 <= len(b) and i + 2 + b[i + 1] <= len(b),
              'option 82 sub-option truncated')
        r[b[i]] = b[i + 2:i + 2 + b[i + 1]]
        i += 2 + b[i + 1]
    return r


def opts6(b):
    r, i = [], 0
    while i < len(b):
        check(i + 4 <= len(b), 'v6 option header truncated')
        code, n = struct.unpack('!HH', b[i:i + 4])
        check(i + 4 + n <= len(b), 'v6 option %d truncated' % code)
        r.append((code, b[i + 4:i + 4 + n]))
        i += 4 + n
    return r


def one(opts, code, what=''):
    v = [d for c, d in opts if c == code]
    check(len(v) == 1, 'expected one option %d %s, got %d' %
          (code, what, len(v)))
    return v[0]


def dec6(m):
    check(len(m) >= 4, 'v6 message shorter than 4')
    r = {'type': m[0], 'xid': int.from_bytes(m[1:4], 'big'),
         'opts': opts6(m[4:])}
    cds = [d for c, d in r['opts'] if c == 45]
    check(len(cds) <= 1, 'more than one CLIENT_DATA')
    r['cd'] = dec_cd(cds[0]) if cds else None
    st = [d for c, d in r['opts'] if c == 13]
    r['status'] = struct.unpack('!H', st[0][:2])[0] if st else None
    r['status_text'] = st[0][2:].decode() if st else None
    return r


def dec_cd(b):
    o = opts6(b)
    cd = {'duid': one(o, 1, 'in CLIENT_DATA'),
          'clt': u32(one(o, 46, 'in CLIENT_DATA')), 'addrs': [],
          'prefixes': [], 'relay': None}
    for c, d in o:
        if c == 5:
            check(len(d) >= 24, 'IAADDR shorter than 24')
            cd['addrs'].append((socket.inet_ntop(socket.AF_INET6, d[:16]),
                                u32(d[16:20]), u32(d[20:24])))
        elif c == 26:
            check(len(d) >= 25, 'IAPREFIX shorter than 25')
            cd['prefixes'].append((socket.inet_ntop(socket.AF_INET6,
                                                    d[9:25]), d[8],
                                   u32(d[0:4]), u32(d[4:8])))
        elif c == 47:
            check(len(d) >= 16 + 34, 'LQ_RELAY_DATA too short')
            rm = d[16:]
            check(rm[0] == 12, 'relay message is not RELAY-FORW')
            ro = opts6(rm[34:])
            cd['relay'] = {
                'peer': socket.inet_ntop(socket.AF_INET6, d[:16]),
                'hop': rm[1],
                'link': socket.inet_ntop(socket.AF_INET6, rm[2:18]),
                'relay_peer': socket.inet_ntop(socket.AF_INET6, rm[18:34]),
                'opts': dict(ro)}
    return cd


# ---------------------------------------------------------------- checks
# Bindings (tests/blq_responder.sh writes them): relay-id aa:bb:cc holds
# 192.0.2.10 and .11 (.12 is expired, .13 belongs to dd:ee), base time
# 1700000000; v6 relay DUID RELAY6 holds 2 bindings on link 2001:db8::1.

def v4_answer(h4, p4, xid, **kw):
    s = connect(h4, p4)
    s.sendall(frame(q4(xid, **kw)))
    msgs, end, _ = read_frames(s, stop=lambda m: dec4(m)['type'] == 15)
    s.close()
    check(end == 'stop', 'no DONE (%s after %d messages)' % (end, len(msgs)))
    return [dec4(m) for m in msgs]


def c_v4_relay(h4, p4, h6, p6):
    xid = 0x12345678
    d = v4_answer(h4, p4, xid, relay_id=b'\xaa\xbb\xcc')
    check([m['type'] for m in d] == [13, 13, 15],
          'types %s, want 13 13 15' % [m['type'] for m in d])
    for m in d:
        check(m['xid'] == xid, 'xid 0x%08x' % m['xid'])
        check(m['op'] == 2, 'op %d is not BOOTREPLY' % m['op'])
    a, b, done = d
    check(a['ciaddr'] == '192.0.2.10' and b['ciaddr'] == '192.0.2.11',
          'ciaddr %s %s' % (a['ciaddr'], b['ciaddr']))
    check(a['htype'] == 1 and a['hlen'] == 6 and
          a['chaddr'] == bytes.fromhex('020000000001'), 'chaddr')
    check(u32(a['opts'][51]) == 3600, 'lease time %d' % u32(a['opts'][51]))
    check(u32(a['opts'][91]) == 100, 'cltt %d' % u32(a['opts'][91]))
    check(u32(a['opts'][152]) == BASE, 'base-time')
    check(a['opts'][54] == socket.inet_aton(h4), 'server-id in the first')
    check(54 not in b['opts'] and 54 not in done['opts'],
          'server-id after the first message')
    check(a['opts'][61] == bytes.fromhex('01020000000001'), 'client-id')
    check(61 not in b['opts'], 'client-id where none is stored')
    check(156 not in a['opts'], 'dhcp-state without --send-state')
    rai = subopts(a['opts'][82])
    check(list(rai) == [1, 2, 12], 'option 82 order %s' % list(rai))
    check(rai[1] == b'eth0.1' and rai[2] == b'sub1' and
          rai[12] == b'\xaa\xbb\xcc', 'option 82 contents %r' % rai)
    check(a['order'][-1] == 82, 'option 82 is not last')
    check(151 not in done['opts'], 'status-code in a successful DONE')
    return '2 LEASEACTIVE (ciaddr, chaddr, 51, 54, 61, 82, 91, 152) + DONE'


def c_v4_selectors(h4, p4, h6, p6):
    n = {}
    n['remote-id'] = v4_answer(h4, p4, 1, remote_id=b'sub1')
    n['mac'] = v4_answer(h4, p4, 2, mac=bytes.fromhex('020000000002'))
    n['client-id'] = v4_answer(h4, p4, 3,
                               client_id=bytes.fromhex('01020000000001'))
    n['other-relay'] = v4_answer(h4, p4, 4, relay_id=b'\xdd\xee')
    n['no-match'] = v4_answer(h4, p4, 5, relay_id=b'\x01')
    want = {'remote-id': ['192.0.2.10'], 'mac': ['192.0.2.11'],
            'client-id': ['192.0.2.10'], 'other-relay': ['192.0.2.13'],
            'no-match': []}
    for k, v in want.items():
        got = [m['ciaddr'] for m in n[k] if m['type'] == 13]
        check(got == v, '%s: %s, want %s' % (k, got, v))
        check(n[k][-1]['type'] == 15 and 151 not in n[k][-1]['opts'],
              '%s: bad DONE' % k)
    return 'remote-id, mac, client-id, other relay, no match'


def c_v4_time(h4, p4, h6, p6):
    # last transactions: .10 at BASE-100, .11 at BASE-50
    got = {}
    for name, kw in (('start', {'start': BASE - 60}),
                     ('end', {'end': BASE - 60}),
                     ('both', {'start': BASE - 200, 'end': BASE - 100})):
        d = v4_answer(h4, p4, 7, relay_id=b'\xaa\xbb\xcc', **kw)
        got[name] = [m['ciaddr'] for m in d if m['type'] == 13]
    check(got == {'start': ['192.0.2.11'], 'end': ['192.0.2.10'],
                  'both': ['192.0.2.10']}, 'filtered: %s' % got)
    return 'query-start-time / query-end-time filter on base - cltt'


def c_v4_errors(h4, p4, h6, p6):
    cases = (('multiple', {'relay_id': b'\xaa', 'mac': b'\x02' * 6}, 3),
             ('none', {}, 4),
             ('ciaddr', {'relay_id': b'\xaa', 'ciaddr': '192.0.2.1'}, 3),
             ('times', {'relay_id': b'\xaa', 'start': 20, 'end': 10}, 3))
    for name, kw, code in cases:
        d = v4_answer(h4, p4, 9, **kw)
        check(len(d) == 1, '%s: %d messages' % (name, len(d)))
        st = d[0]['opts'].get(151)
        check(st and st[0] == code and len(st) > 1,
              '%s: status %r, want %d + text' % (name, st, code))
    return 'multiple selectors 3, none 4, ciaddr 3, start>end 3'


def v6_last(m):
    """The end of a v6 answer: a DONE, or (Kea) a REPLY without
    CLIENT_DATA, which answers "no bindings" or an error alone."""
    return m[0] == 16 or (m[0] == 15 and
                          not any(c == 45 for c, _ in opts6(m[4:])))


def v6_answer(h6, p6, xid, qtype, **kw):
    """Read until the answer's own end (never a quiet spell, which a
    loaded machine makes at any point); after a lone REPLY make sure no
    DONE follows: end is then 'timeout'."""
    s = connect(h6, p6)
    s.sendall(frame(q6(xid, qtype, **kw)))
    msgs, end, _ = read_frames(s, timeout=20, stop=v6_last)
    if end == 'stop' and msgs[-1][0] == 15:
        more, end, _ = read_frames(s, timeout=1.0)
        msgs += more
    s.close()
    return [dec6(m) for m in msgs], end


def c_v6_relay(h4, p4, h6, p6):
    xid = 0xabcdef
    d, end = v6_answer(h6, p6, xid, 3, opts=opt6(53, RELAY6))
    check(end == 'stop', 'no DONE: %s' % end)
    check([m['type'] for m in d] == [15, 17, 16],
          'types %s, want 15 17 16' % [m['type'] for m in d])
    for m in d:
        check(m['xid'] == xid, 'xid 0x%06x' % m['xid'])
    r, data, done = d
    check(one(r['opts'], 1) == REQUESTOR, 'CLIENTID not echoed')
    check(one(r['opts'], 2) == SERVER_DUID, 'SERVERID')
    check(r['status'] == 0, 'REPLY status %r' % r['status'])
    cd = r['cd']
    check(cd and cd['duid'] == bytes.fromhex('000300010200000000a1'),
          'REPLY CLIENT_DATA duid')
    check(cd['addrs'] == [('2001:db8::10', 3600, 7200)],
          'IAADDR %s' % cd['addrs'])
    check(cd['prefixes'] == [('2001:db8:100::', 56, 3600, 7200)],
          'IAPREFIX %s' % cd['prefixes'])
    check(cd['clt'] == 20, 'CLT_TIME %d' % cd['clt'])
    rel = cd['relay']
    check(rel and rel['peer'] == 'fe80::1' and rel['hop'] == 0 and
          rel['link'] == '::' and rel['relay_peer'] == 'fe80::1',
          'LQ_RELAY_DATA header %s' % rel)
    check(rel['opts'].get(18) == b'eth0.1', 'INTERFACE_ID')
    check(rel['opts'].get(37) == struct.pack('!I', 9) + b'\x01\x02',
          'REMOTE_ID')
    check(rel['opts'].get(53) == RELAY6, 'RELAY_ID')
    check(9 not in rel['opts'], 'RELAY_MSG in the relay message')
    check(rel['opts'].get(79) == b'\x00\x01\x02\x00\x00\x00\x00\xa1',
          'CLIENT_LINKLAYER_ADDR %s' % rel['opts'].get(79))
    check(data['cd'] and data['cd']['addrs'] ==
          [('2001:db8::11', 7200, 7200)], 'DATA CLIENT_DATA')
    check(not [c for c, _ in data['opts'] if c in (1, 2, 13)],
          'DATA carries CLIENTID/SERVERID/STATUS')
    check(done['opts'] == [], 'DONE carries options')
    return 'REPLY (CLIENTID, SERVERID, status, CLIENT_DATA) + DATA + DONE'


def c_v6_types(h4, p4, h6, p6):
    res = {}
    iaaddr = socket.inet_pton(socket.AF_INET6, '2001:db8:100:ff::5') + \
        b'\0' * 8
    for name, qt, kw in (
            ('address', 1, {'opts': opt6(5, iaaddr)}),
            ('client-id', 2, {'opts': opt6(1, bytes.fromhex(
                '000300010200000000a2'))}),
            ('link', 4, {'link': '2001:db8::1'}),
            ('remote-id', 5, {'opts': opt6(37, struct.pack('!I', 9) +
                                           b'\x01\x02')}),
            ('remote-id-enterprise', 5, {'opts': opt6(
                37, struct.pack('!I', 10) + b'\x01\x02')}),
            ('relay-on-link', 3, {'link': '2001:db8::1',
                                  'opts': opt6(53, RELAY6)})):
        d, end = v6_answer(h6, p6, 0x10, qt, **kw)
        res[name] = (len([m for m in d if m['cd']]), d[-1]['type'])
    want = {'address': (1, 16), 'client-id': (1, 16), 'link': (2, 16),
            'remote-id': (1, 16), 'remote-id-enterprise': (0, 15),
            'relay-on-link': (2, 16)}
    check(res == want, 'got %s' % res)
    return 'by-address (in a prefix), client-id, link-address, remote-id'


def c_v6_nomatch(h4, p4, h6, p6):
    d, end = v6_answer(h6, p6, 0x77, 3, opts=opt6(53, b'\x00\x01nomatch'))
    check(end == 'timeout', 'stream ended by %s' % end)
    check(len(d) == 1 and d[0]['type'] == 15 and d[0]['cd'] is None and
          d[0]['status'] == 0, 'got %s' % d)
    return 'one REPLY, no CLIENT_DATA, no DONE'


def c_v6_errors(h4, p4, h6, p6):
    got = {}
    for name, qt, kw in (('unknown', 9, {}), ('no-relay-id', 3, {}),
                         ('link-zero', 4, {}),
                         ('bad-link', 3, {'link': '2001:db8:9::1',
                                          'opts': opt6(53, RELAY6)})):
        d, end = v6_answer(h6, p6, 0x20, qt, **kw)
        check(len(d) == 1 and d[0]['type'] == 15,
              '%s: %s' % (name, [m['type'] for m in d]))
        got[name] = d[0]['status']
    check(got == {'unknown': 7, 'no-relay-id': 8, 'link-zero': 8,
                  'bad-link': 9}, 'status %s' % got)
    return 'UnknownQueryType 7, MalformedQuery 8, NotConfigured 9'


def c_interleave(h4, p4, h6, p6):
    s = connect(h4, p4)
    s.sendall(frame(q4(0x100, relay_id=b'\xaa\xbb\xcc')) +
              frame(q4(0x200, relay_id=b'\xaa\xbb\xcc')))
    done = set()
    msgs, end, _ = read_frames(
        s, stop=lambda m: dec4(m)['type'] == 15 and
        (done.add(dec4(m)['xid']) or len(done) == 2))
    s.close()
    seq = [dec4(m)['xid'] for m in msgs]
    check(end == 'stop', 'not both DONE: %s' % end)
    check(seq.count(0x100) == 3 and seq.count(0x200) == 3,
          'counts %s' % seq)
    check(seq[:2] in ([0x100, 0x200], [0x200, 0x100]),
          'not interleaved: %s' % ['0x%x' % x for x in seq])
    return 'xids ' + ' '.join('%x' % x for x in seq)


def c_big(h4, p4, h6, p6, n):
    n = int(n)
    s = connect(h4, p4, timeout=20)
    t = time.time()
    s.sendall(frame(q4(0xb16, relay_id=b'\x0b\x16')))
    buf, count, done, off = b'', 0, False, 0
    while not done:
        d = s.recv(1 << 20)
        check(d, 'EOF after %d messages' % count)
        buf = buf[off:] + d
        off = 0
        while len(buf) - off >= 2:
            ln = (buf[off] << 8) | buf[off + 1]
            if len(buf) - off < 2 + ln:
                break
            m = buf[off + 2:off + 2 + ln]
            check(struct.unpack('!I', m[4:8])[0] == 0xb16, 'xid')
            if m[242] == 15:
                done = True
            else:
                check(m[242] == 13, 'type %d' % m[242])
                count += 1
            off += 2 + ln
    s.close()
    check(count == n, '%d LEASEACTIVE, want %d' % (count, n))
    return '%d LEASEACTIVE + DONE in %.2f s' % (count, time.time() - t)


# ------------------------------------------------------------- hostile

def c_giant(h4, p4, h6, p6):
    s = connect(h4, p4)
    s.sendall(frame(q4(1, relay_id=b'\xaa\xbb\xcc')))
    s.settimeout(1.0)
    buf = b''
    try:
        while True:
            d = s.recv(65536)
            if not d:
                break
            buf += d
    except socket.timeout:
        pass
    s.close()
    check(buf[:2] == b'\xff\xff', 'prefix %r' % buf[:2])
    check(2 < len(buf) < 100, '%d octets' % len(buf))
    return 'prefix 65535, then %d octets and silence' % (len(buf) - 2)


def c_refuse(h4, p4, h6, p6):
    # The RST may come before connect() has even returned.
    try:
        s = connect(h4, p4)
        s.sendall(frame(q4(1, relay_id=b'\xaa\xbb\xcc')))
        msgs, end, _ = read_frames(s)
        s.close()
    except (ConnectionResetError, BrokenPipeError):
        msgs, end = [], 'reset'
    check(end == 'reset' and not msgs, '%s after %d' % (end, len(msgs)))
    return 'connection reset, no message'


def c_forever(h4, p4, h6, p6, fam):
    if fam == '4':
        s = connect(h4, p4)
        s.sendall(frame(q4(5, relay_id=b'\xaa\xbb\xcc')))
    else:
        s = connect(h6, p6)
        s.sendall(frame(q6(5, 3, opts=opt6(53, RELAY6))))
    msgs, end, _ = read_frames(s, limit=500)
    s.close()
    types = [m[0] if fam == '6' else dec4(m)['type'] for m in msgs]
    done = 16 if fam == '6' else 15
    check(end == 'limit', '%s after %d' % (end, len(msgs)))
    check(done not in types, 'DONE received')
    return '500 messages, no DONE'


def c_wrong_xid(h4, p4, h6, p6):
    s = connect(h4, p4)
    s.sendall(frame(q4(0x41, relay_id=b'\xaa\xbb\xcc')))
    msgs, end, _ = read_frames(s, stop=lambda m: dec4(m)['type'] == 15)
    s.close()
    x4 = [dec4(m)['xid'] for m in msgs]
    s = connect(h6, p6)
    s.sendall(frame(q6(0xffffff, 3, opts=opt6(53, RELAY6))))
    msgs, end, _ = read_frames(s, stop=lambda m: m[0] == 16)
    s.close()
    x6 = [dec6(m)['xid'] for m in msgs]
    check(x4 == [0x42] * 3 and x6 == [0] * 3, 'xids %s %s' % (x4, x6))
    return 'v4 0x41 -> 0x42, v6 0xffffff -> 0x000000'


def c_unknown_xid(h4, p4, h6, p6):
    s = connect(h4, p4)
    s.sendall(frame(q4(0x51, relay_id=b'\xaa\xbb\xcc')))
    msgs, end, _ = read_frames(s, stop=lambda m: dec4(m)['type'] == 15 and
                               dec4(m)['xid'] == 0x51)
    s.close()
    d = [dec4(m) for m in msgs]
    check(d[0]['type'] == 15 and d[0]['xid'] != 0x51,
          'first: type %d xid 0x%x' % (d[0]['type'], d[0]['xid']))
    check([(m['type'], m['xid']) for m in d[1:]] ==
          [(13, 0x51), (13, 0x51), (15, 0x51)], 'then %s' % d[1:])
    return 'DONE xid 0x%x first, then the answer' % d[0]['xid']


def c_truncate(h4, p4, h6, p6, n):
    s = connect(h4, p4)
    s.sendall(frame(q4(0x61, relay_id=b'\xaa\xbb\xcc')))
    msgs, end, rest = read_frames(s)
    s.close()
    check(end == 'eof', 'ended by %s' % end)
    check(len(msgs) == int(n), '%d whole messages' % len(msgs))
    check(len(rest) >= 2 and
          len(rest) < 2 + struct.unpack('!H', rest[:2])[0],
          'tail of %d octets is not a partial frame' % len(rest))
    return '%d messages, %d octets of the next, EOF' % (len(msgs),
                                                        len(rest))


def c_reset_after(h4, p4, h6, p6, n):
    s = connect(h4, p4)
    s.sendall(frame(q4(0x71, relay_id=b'\xaa\xbb\xcc')))
    msgs, end, rest = read_frames(s)
    s.close()
    check(end == 'reset' and len(msgs) == int(n) and not rest,
          '%s after %d messages' % (end, len(msgs)))
    return '%d messages, then RST' % len(msgs)


def c_stall_after(h4, p4, h6, p6, n):
    s = connect(h4, p4)
    s.sendall(frame(q4(0x81, relay_id=b'\xaa\xbb\xcc')))
    msgs, end, rest = read_frames(s, timeout=0.5)
    # Still open and still reading: a second query is accepted.
    s.sendall(frame(q4(0x82, relay_id=b'\xaa\xbb\xcc')))
    more, end2, _ = read_frames(s, timeout=0.3)
    s.close()
    check(end == 'timeout' and end2 == 'timeout' and
          len(msgs) == int(n) and not more,
          '%s/%s after %d+%d' % (end, end2, len(msgs), len(more)))
    return '%d message(s), then silence on an open connection' % len(msgs)


def c_no_client_data(h4, p4, h6, p6):
    d, end = v6_answer(h6, p6, 0x91, 3, opts=opt6(53, RELAY6))
    check([m['type'] for m in d] == [15, 17, 16], 'types')
    check(d[0]['cd'] is not None and d[1]['cd'] is None and
          d[1]['opts'] == [], 'CLIENT_DATA: %s' % d)
    return 'REPLY with, DATA without CLIENT_DATA'


def c_status(h4, p4, h6, p6, code):
    code = int(code)
    d = v4_answer(h4, p4, 0xa1, relay_id=b'\xaa\xbb\xcc')
    check(len(d) == 1 and d[0]['opts'][151][0] == code, 'v4 %s' % d)
    d6, end = v6_answer(h6, p6, 0xa1, 3, opts=opt6(53, RELAY6))
    check(len(d6) == 1 and d6[0]['type'] == 15 and
          d6[0]['status'] == code and d6[0]['cd'] is None and
          end == 'timeout', 'v6 %s %s' % (d6, end))
    return 'v4 DONE 151=%d, v6 REPLY STATUS_CODE %d' % (code, code)


def c_delay(h4, p4, h6, p6, ms):
    s = connect(h4, p4)
    t = time.time()
    s.sendall(frame(q4(0xb1, relay_id=b'\xaa\xbb\xcc')))
    msgs, end, _ = read_frames(s, stop=lambda m: dec4(m)['type'] == 15)
    dt = time.time() - t
    s.close()
    want = 2 * int(ms) / 1000.0
    check(len(msgs) == 3 and want * 0.9 <= dt < want + 1.0,
          '%d messages in %.2f s' % (len(msgs), dt))
    return '3 messages in %.2f s' % dt


def c_accept_delay(h4, p4, h6, p6, t_start, ms):
    s = connect(h4, p4)
    s.sendall(frame(q4(0xc1, relay_id=b'\xaa\xbb\xcc')))
    msgs, end, _ = read_frames(s, timeout=3.0, limit=1)
    dt = time.time() - float(t_start)
    s.close()
    check(msgs and dt >= int(ms) / 1000.0,
          'first answer %.2f s after start' % dt)
    return 'first answer %.2f s after start' % dt


def c_max_conns(h4, p4, h6, p6):
    a = connect(h4, p4)
    a.sendall(frame(q4(0xd1, relay_id=b'\xaa\xbb\xcc')))
    ma, ea, _ = read_frames(a, stop=lambda m: dec4(m)['type'] == 15)
    try:
        b = connect(h4, p4)
        b.sendall(frame(q4(0xd2, relay_id=b'\xaa\xbb\xcc')))
        mb, eb, _ = read_frames(b)
        b.close()
    except (ConnectionResetError, BrokenPipeError):
        mb, eb = [], 'reset'
    a.close()
    check(ea == 'stop' and eb == 'reset' and not mb,
          'first %s, second %s' % (ea, eb))
    return 'the second connection is reset'


def c_idle(h4, p4, h6, p6):
    s = connect(h4, p4)
    t = time.time()
    msgs, end, _ = read_frames(s, timeout=5.0)
    dt = time.time() - t
    s.close()
    check(end == 'eof' and 0.8 < dt < 3, '%s after %.2f s' % (end, dt))
    return 'closed after %.2f s idle' % dt


def c_simple(h4, p4, h6, p6):
    d = v4_answer(h4, p4, 0xe1, relay_id=b'\xaa\xbb\xcc')
    check(len(d) == 3, '%d messages' % len(d))
    return 'answered'


# ------------------------------------------------------- Kea 3.0.x bugs
# The queries: by relay-id, answered with 3 messages each (v4 LEASEACTIVE
# LEASEACTIVE DONE, v6 REPLY DATA DONE), every one with the query's xid.
#
# "Not answered" can only be seen as silence, so it is bounded: QUIET
# seconds after the DONE of the query that is answered.  The responder
# answers on the loopback within milliseconds (queries on one connection
# are served in turn, so a second one that runs shows up before the first's
# DONE or right after it); 2 s is a wide margin for a busy 2-core machine,
# and short enough to keep the script quick.
QUIET = 2.0


class Fam:
    def __init__(self, fam, h4, p4, h6, p6):
        self.v6 = fam == '6'
        self.host, self.port = (h6, p6) if self.v6 else (h4, p4)

    def query(self, xid):
        if self.v6:
            return frame(q6(xid, 3, opts=opt6(53, RELAY6)))
        return frame(q4(xid, relay_id=b'\xaa\xbb\xcc'))

    def xid(self, m):
        return dec6(m)['xid'] if self.v6 else dec4(m)['xid']

    def is_done(self, m, xid):
        t = m[0] if self.v6 else dec4(m)['type']
        return t == (16 if self.v6 else 15) and self.xid(m) == xid

    def until_done(self, s, xid, timeout=3.0):
        """The messages up to @xid's DONE; fails without that DONE."""
        msgs, end, _ = read_frames(s, timeout=timeout,
                                   stop=lambda m: self.is_done(m, xid))
        check(end == 'stop', 'no DONE for 0x%x: %s after %s' %
              (xid, end, self.xids(msgs)))
        return msgs

    def xids(self, msgs):
        return ['0x%x' % self.xid(m) for m in msgs]

    def answered(self, msgs, xid):
        return len([m for m in msgs if self.xid(m) == xid])


def quiet(f, s, msgs, first, others):
    """Wait QUIET s on @s: nothing may come, the connection stays open; of
    @msgs + what came, @first has its 3 messages and @others none."""
    more, end, rest = read_frames(s, timeout=QUIET)
    got = msgs + more
    for x in others:
        check(not f.answered(got, x), 'query 0x%x answered: %s' %
              (x, f.xids(got)))
    check(f.answered(got, first) == 3, 'query 0x%x: %s' %
          (first, f.xids(got)))
    check(end == 'timeout' and not rest,
          'after the DONE: %s (%d octets)' % (end, len(rest)))


def c_first_pipelined(h4, p4, h6, p6, fam):
    f = Fam(fam, h4, p4, h6, p6)
    s = connect(f.host, f.port)
    # One write, one segment on the loopback: one read for the server.
    s.sendall(f.query(0x301) + f.query(0x302))
    quiet(f, s, f.until_done(s, 0x301), 0x301, [0x302])
    # A query split over two reads is still assembled; what follows it in
    # the read that completes it is lost all the same.
    q = f.query(0x303)
    s.sendall(q[:5])
    time.sleep(0.2)
    s.sendall(q[5:] + f.query(0x304))
    quiet(f, s, f.until_done(s, 0x303), 0x303, [0x304])
    s.close()
    return ('0x301 + 0x302 in one write, 0x303 split + 0x304: 0x301 and '
            '0x303 answered, 0x302 and 0x304 not in %.0f s after the '
            'DONE' % QUIET)


def c_first_sequential(h4, p4, h6, p6, fam):
    f = Fam(fam, h4, p4, h6, p6)
    s = connect(f.host, f.port)
    for x in (0x311, 0x312, 0x313):
        q = f.query(x)
        if x == 0x313:
            # In two reads: assembled, as without the switch.
            s.sendall(q[:5])
            time.sleep(0.2)
            q = q[5:]
        s.sendall(q)
        msgs = f.until_done(s, x)
        check(f.answered(msgs, x) == 3 and len(msgs) == 3,
              '0x%x: %s' % (x, f.xids(msgs)))
    s.close()
    return ('0x311, 0x312, 0x313 (split in two) each after the last '
            'DONE: all answered')


def c_max_concurrent(h4, p4, h6, p6, fam, ms):
    f = Fam(fam, h4, p4, h6, p6)
    s = connect(f.host, f.port)
    s.sendall(f.query(0x401))
    first, end, _ = read_frames(s, timeout=3.0, limit=1)
    check(end == 'limit' and f.answered(first, 0x401) == 1,
          'first message of 0x401: %s %s' % (end, f.xids(first)))
    # A write of its own, while 0x401's answer is still coming: with
    # --delay-ms MS its DONE is 2 MS behind the first message.
    t = time.time()
    s.sendall(f.query(0x402))
    msgs = f.until_done(s, 0x401)
    dt = time.time() - t
    check(dt >= int(ms) / 2000.0,
          '0x401 ended %.3f s after 0x402 was sent: not still streaming' %
          dt)
    quiet(f, s, first + msgs, 0x401, [0x402])
    # The slot is free again: a new query runs, the queued one still not.
    s.sendall(f.query(0x403))
    msgs = f.until_done(s, 0x403)
    check(f.answered(msgs, 0x403) == 3 and len(msgs) == 3,
          'after 0x401 ended: %s' % f.xids(msgs))
    s.close()
    return ('0x402 sent while 0x401 streamed: never answered; 0x403 after '
            '0x401 ended: answered')


def c_kea30(h4, p4, h6, p6, fam):
    f = Fam(fam, h4, p4, h6, p6)
    s = connect(f.host, f.port)
    # More than max-concurrent-queries (4) in turn: the ended ones are
    # not counted.
    xids = list(range(0x501, 0x507))
    for x in xids:
        s.sendall(f.query(x))
        msgs = f.until_done(s, x)
        check(f.answered(msgs, x) == 3 and len(msgs) == 3,
              '0x%x: %s' % (x, f.xids(msgs)))
    s.sendall(f.query(0x511) + f.query(0x512))
    quiet(f, s, f.until_done(s, 0x511), 0x511, [0x512])
    s.close()
    return ('%d queries in turn: all answered; then 2 in one write: the '
            'first only' % len(xids))


def c_kea30_limit(h4, p4, h6, p6, fam):
    # With --forever no answer ends, so every query that runs stays in
    # progress; each is written once the previous one has answered (a read
    # of its own, so --first-message-per-read drops nothing).
    f = Fam(fam, h4, p4, h6, p6)
    s = connect(f.host, f.port)
    for x in range(0x601, 0x605):
        s.sendall(f.query(x))
        msgs, end, _ = read_frames(s, timeout=3.0,
                                   stop=lambda m: f.xid(m) == x)
        check(end == 'stop', 'query 0x%x not answered: %s' % (x, end))
    s.sendall(f.query(0x605))
    deadline = time.time() + QUIET
    more, end, _ = read_frames(s, timeout=1.0,
                               stop=lambda m: time.time() >= deadline)
    s.close()
    check(end == 'stop', 'the four stopped: %s' % end)
    got = set(f.xid(m) for m in more)
    check(got == set(range(0x601, 0x605)), 'answered: %s' %
          sorted('0x%x' % x for x in got))
    return '0x601-0x604 in progress and streaming, 0x605 never answered'


def c_v6_capture(h4, p4, h6, p6):
    c_v6_relay(h4, p4, h6, p6)
    c_v6_nomatch(h4, p4, h6, p6)
    c_v6_errors(h4, p4, h6, p6)
    return 'v6 exchanges done'


CHECKS = {n[2:].replace('_', '-'): f for n, f in globals().items()
          if n.startswith('c_')}

if __name__ == '__main__':
    name = sys.argv[1]
    try:
        print('ok: ' + CHECKS[name](*sys.argv[2:]))
    except Fail as e:
        print('FAIL: %s' % e)
        sys.exit(1)
    except Exception as e:  # a crash is a failure too, with its reason
        print('FAIL: %s: %s' % (type(e).__name__, e))
        sys.exit(1)
PYTHON

# Every check below prints exactly one TAP line on every path, the
# responder started or not: check, logged and need_up fail in its place
# when it did not.  PLAN is their number (one more when the script builds
# the responder), printed as "1..PLAN" at the end, so a runner sees any
# line that goes missing.
PLAN=66
UP=0

# start NAME [OPTION]...: a responder on 127.0.0.1 and ::1, port 0; sets
# PID, P4, P6 and LOG, and UP=1 once it is ready (UP=0 if it is not).
start()
{
	local name=$1 i

	shift
	LOG=$dir/$name.log
	UP=0
	if [ ! -x "$RESP" ]; then
		echo "# $name: no responder at $RESP"
		return 1
	fi
	"$RESP" -f "${BINDINGS:-$dir/bindings}" -4 127.0.0.1:0 -6 '[::1]:0' \
		--base-time "$BASE" --ready-file "$dir/$name.ready" \
		--pidfile "$dir/$name.pid" --log "$LOG" "$@" \
		>"$dir/$name.out" 2>&1 &
	PID=$!
	pids+=("$PID")
	for i in $(seq 100); do
		[ -s "$dir/$name.ready" ] && break
		kill -0 "$PID" 2>/dev/null || break
		sleep 0.05
	done
	if [ ! -s "$dir/$name.ready" ]; then
		echo "# $name did not start: $(head -3 "$dir/$name.out" |
			tr '\n' ' ')"
		return 1
	fi
	P4=$(awk '$2 == "v4" { print $4 }' "$dir/$name.ready")
	P6=$(awk '$2 == "v6" { print $4 }' "$dir/$name.ready")
	UP=1
}

# stop: SIGTERM, and the exit status (1 if it never started).
stop()
{
	[ "$UP" = 1 ] || return 1
	kill -TERM "$PID" 2>/dev/null
	wait "$PID"
}

# need_up DESCRIPTION: true if the last start worked; else DESCRIPTION
# fails here, so that a check guarded by it still prints its line.
need_up()
{
	[ "$UP" = 1 ] && return 0
	not_ok "$1: the responder did not start"
	return 1
}

# check DESCRIPTION CHECK [ARG]...: one of blqc.py's checks, one TAP line.
check()
{
	local desc=$1 out

	shift
	need_up "$desc" || return
	out=$("$PY" "$dir/blqc.py" "$1" 127.0.0.1 "$P4" ::1 "$P6" \
		"${@:2}" 2>&1)
	if [ $? = 0 ]; then
		ok "$desc: ${out#ok: }"
	else
		not_ok "$desc: ${out#FAIL: }"
	fi
}

# check_bg DESCRIPTION CHECK [ARG]...: a check run in the background, for
# those that mostly wait; check_wait reports them in the order started.
bg_desc=()
bg_pid=()
check_bg()
{
	local desc=$1 i=${#bg_desc[@]}

	shift
	bg_desc+=("$desc")
	if [ "$UP" != 1 ]; then
		bg_pid+=(-)
		return
	fi
	"$PY" "$dir/blqc.py" "$1" 127.0.0.1 "$P4" ::1 "$P6" "${@:2}" \
		>"$dir/bg.$i" 2>&1 &
	bg_pid+=($!)
	pids+=($!)
}

check_wait()
{
	local i out

	for i in "${!bg_desc[@]}"; do
		if [ "${bg_pid[i]}" = - ]; then
			not_ok "${bg_desc[i]}: the responder did not start"
			continue
		fi
		if wait "${bg_pid[i]}"; then
			out=$(cat "$dir/bg.$i")
			ok "${bg_desc[i]}: ${out#ok: }"
		else
			out=$(cat "$dir/bg.$i")
			not_ok "${bg_desc[i]}: ${out#FAIL: }"
		fi
	done
	bg_desc=()
	bg_pid=()
}

# logged DESCRIPTION ERE: a line of the log matches.
logged()
{
	need_up "$1" || return
	if grep -Eq "$2" "$LOG"; then
		ok "$1"
	else
		not_ok "$1: no line matches '$2' in the log"
	fi
}

# hostile NAME CHECK [ARG]... -- [OPTION]...: one instance per switch.
hostile()
{
	local name=$1 args=()

	shift
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		args+=("$1")
		shift
	done
	shift
	start "$name" "$@"
	check "$name" "${args[@]}"
	stop
}

# The interpreter itself: a version manager's shim costs a second a call.
PY=$(python3 -c 'import sys; print(sys.executable)' 2>/dev/null)
if [ -z "$PY" ]; then
	echo "1..0 # SKIP python3 is needed for the client"
	exit 0
fi
if ! "$PY" -c 'import socket; socket.socket(socket.AF_INET6).bind(("::1", 0))' \
	2>/dev/null; then
	echo "1..0 # SKIP no IPv6 on the loopback"
	exit 0
fi

# --- build and arguments
RESP=${1:-}
if [ -z "$RESP" ]; then
	PLAN=$((PLAN + 1))
	RESP=$dir/blq_responder
	if out=$(${CC:-cc} -std=c11 -O2 -Wall -Wextra -Werror -o "$RESP" \
		"$ROOT/selftests/blq_responder.c" 2>&1); then
		ok "builds with -std=c11 -Wall -Wextra -Werror"
	else
		# Go on: every check below then says it did not run.
		not_ok "build: ${out//$'\n'/ }"
	fi
fi

printf 'v4 addr=192.0.2.1 lease=1\n\nv4 addr=192.0.2.2 lease=1 colour=red\n' \
	>"$dir/bad"
out=$("$RESP" -f "$dir/bad" -4 127.0.0.1:0 2>&1)
rc=$?
if [ $rc = 2 ] && [[ $out == *"bad:3: unknown key 'colour'"* ]]; then
	ok "an unknown key is an error naming its line"
else
	not_ok "unknown key: status $rc, '${out//$'\n'/ }'"
fi
out=$("$RESP" -f "$dir/bindings" 2>&1)
rc=$?
if [ $rc = 2 ] && [[ $out == *"at least one -4 or -6"* ]]; then
	ok "no listener is a usage error"
else
	not_ok "no listener: status $rc, '${out//$'\n'/ }'"
fi
out=$("$RESP" -f "$dir/bindings" -4 127.0.0.1:0 --max-concurrent 0 2>&1)
rc=$?
if [ $rc = 2 ] && [[ $out == *"--max-concurrent: 1 or more"* ]]; then
	ok "--max-concurrent 0 is a usage error"
else
	not_ok "--max-concurrent 0: status $rc, '${out//$'\n'/ }'"
fi
out=$("$RESP" --help 2>&1)
rc=$?
if [ $rc = 0 ] && [[ $out == *--first-message-per-read* ]] &&
   [[ $out == *"--max-concurrent N"* ]] && [[ $out == *--kea30* ]]; then
	ok "--help names the Kea 3.0.x switches"
else
	not_ok "--help: status $rc, no Kea 3.0.x switches"
fi

# --- protocol
start main
if need_up "ready lines on stdout and in --ready-file, --pidfile"; then
	if [ "$(cat "$dir/main.pid")" = "$PID" ] &&
	   grep -q "^ready v4 127.0.0.1 [1-9]" "$dir/main.out" &&
	   grep -q "^ready v6 ::1 [1-9]" "$dir/main.out" &&
	   cmp -s "$dir/main.ready" <(grep ^ready "$dir/main.out"); then
		ok "ready lines on stdout and in --ready-file, --pidfile"
	else
		not_ok "ready/pid files: $(cat "$dir/main.ready" "$dir/main.pid")"
	fi
fi
check "v4 by relay-id" v4-relay
logged "log: conn open" '^conn [0-9]+ open 127\.0\.0\.1:[0-9]+$'
logged "log: the query" \
	'^query [0-9]+ v4 xid=0x12345678 by=relay-id id=aabbcc$'
logged "log: the answer" \
	'^sent [0-9]+ xid=0x12345678 bindings=2 done$'
logged "log: conn closed" '^conn [0-9]+ closed$'
check "v4 other selectors" v4-selectors
check "v4 time window" v4-time
check "v4 errors" v4-errors
check "v6 by relay-id" v6-relay
logged "log: the v6 query and answer" \
	'^sent [0-9]+ xid=0xabcdef bindings=2 done$'
check "v6 other query types" v6-types
check "v6 no match" v6-nomatch
logged "log: a v6 REPLY alone" '^sent [0-9]+ xid=0x000077 bindings=0 reply$'
check "v6 errors" v6-errors
check "two queries on one connection" interleave
if need_up "SIGTERM: exit 0, pidfile removed"; then
	stop
	rc=$?
	if [ $rc = 0 ] && grep -q "exit on signal 15" "$LOG" &&
	   [ ! -e "$dir/main.pid" ]; then
		ok "SIGTERM: exit 0, pidfile removed"
	else
		not_ok "SIGTERM: status $rc"
	fi
fi
# Every connection has ended by now.
if need_up "log: no Kea 3.0.x counters without their switches"; then
	if grep -Eq '^(dropped|queued|hostile) ' "$LOG"; then
		not_ok "log: Kea 3.0.x counters without their switches"
	else
		ok "log: no Kea 3.0.x counters without their switches"
	fi
fi

# --- a large file: loaded in linear time, streamed without buffering the
# answer.  Not a time limit: the CPU time of loading 100000 bindings
# against that of 10000 in the same run (linear: ~10 times; a load that
# rescans what it has, quadratic: ~100 times).
big_file()
{
	awk -v n="$1" 'BEGIN {
	for (i = 0; i < n; i++)
		printf "v4 addr=10.%d.%d.%d mac=02:00:00:%02x:%02x:%02x lease=3600 cltt=10 circuit-id=port%d relay-id-hex=0b16\n",
			i / 65536, i / 256 % 256, i % 256,
			i / 65536, i / 256 % 256, i % 256, i
	}'
}
load_us()
{
	sed -n "s/^loaded v4=$1 v6=0 cpu_us=\([0-9]*\)$/\1/p" "$LOG"
}
big_file 10000 >"$dir/small"
big_file 100000 >"$dir/big"
us10=
BINDINGS=$dir/small start small && us10=$(load_us 10000)
stop || true
BINDINGS=$dir/big start big
if need_up "100000 bindings loaded in linear time"; then
	us=$(load_us 100000)
	if [ -n "$us" ] && [ -n "$us10" ] &&
	   [ "$us" -le $((30 * (us10 > 100 ? us10 : 100))) ]; then
		ok "100000 bindings loaded in $us us of CPU, 10000 in $us10 us"
	else
		not_ok "100000 bindings: ${us:-?} us of CPU, 10000: ${us10:-?} us ($(head -1 "$LOG"))"
	fi
fi
check "100000 bindings by relay-id" big 100000
if need_up "peak memory while streaming"; then
	hwm=$(awk '/^VmHWM:/ { print $2 }' "/proc/$PID/status")
	if [ "${hwm:-999999}" -lt 65536 ]; then
		ok "peak memory ${hwm} kB while streaming"
	else
		not_ok "peak memory ${hwm:-?} kB"
	fi
fi
stop

# --- hostile switches
hostile giant giant -- --giant
logged "log: giant" '^hostile [0-9]+ giant prefix=65535'
hostile refuse refuse -- --refuse
logged "log: refused" '^conn [0-9]+ reset$'
hostile "forever v4" forever 4 -- --forever
hostile "forever v6" forever 6 -- --forever
hostile wrong-xid wrong-xid -- --wrong-xid
hostile done-unknown-xid unknown-xid -- --done-unknown-xid
hostile "truncate 1" truncate 1 -- --truncate 1
hostile "reset-after 2" reset-after 2 -- --reset-after 2
hostile "stall-after 1" stall-after 1 -- --stall-after 1
hostile no-client-data no-client-data -- --no-client-data
hostile "status 4" status 4 -- --status 4
hostile "delay-ms 200" delay 200 -- --delay-ms 200
t0=$("$PY" -c 'import time; print(time.time())')
hostile "accept-delay-ms 500" accept-delay "$t0" 500 -- --accept-delay-ms 500
hostile "max-conns 1" max-conns -- --max-conns 1
hostile "idle-timeout 1" idle -- --idle-timeout 1
logged "log: timeout" '^conn [0-9]+ timeout$'

# --- Kea 3.0.x bugs.  The log's per-connection totals come as each
# connection ends, so they are looked at once the responder has stopped
# (SIGTERM ends the connections still open).  The v4 and v6 checks of an
# instance run side by side: each waits QUIET (2 s) for a silence.
start first --first-message-per-read
check_bg "first-message-per-read v4: pipelined" first-pipelined 4
check_bg "first-message-per-read v6: pipelined" first-pipelined 6
check_wait
check_bg "first-message-per-read v4: in turn" first-sequential 4
check_bg "first-message-per-read v6: in turn" first-sequential 6
check_wait
stop
logged "log: first-message-per-read dropped the second query" \
	'^hostile [0-9]+ first-message-per-read dropped octets=[0-9]+ messages=1$'
logged "log: a pipelining connection's totals" \
	'^dropped [0-9]+ reads=2 octets=[0-9]+ messages=2$'
logged "log: a connection in turn dropped nothing" \
	'^dropped [0-9]+ reads=0 octets=0 messages=0$'

start maxconc --max-concurrent 1 --delay-ms 300
check_bg "max-concurrent 1 v4" max-concurrent 4 300
check_bg "max-concurrent 1 v6" max-concurrent 6 300
check_wait
stop
logged "log: max-concurrent queued v4 0x402" \
	'^hostile [0-9]+ queued xid=0x00000402 in-progress=1 max-concurrent=1$'
logged "log: max-concurrent queued v6 0x402" \
	'^hostile [0-9]+ queued xid=0x000402 in-progress=1 max-concurrent=1$'
logged "log: queued totals" '^queued [0-9]+ queries=1$'

start kea30 --kea30
check_bg "kea30 v4" kea30 4
check_bg "kea30 v6" kea30 6
check_wait
stop
logged "log: kea30 drops the rest of a read" \
	'^hostile [0-9]+ first-message-per-read dropped octets=[0-9]+ messages=1$'
logged "log: kea30 counts queued queries" '^queued [0-9]+ queries=0$'

# Answers that never end hold their slots: the fifth query is the one
# --kea30's max-concurrent of 4 keeps out.
start kea30-limit --kea30 --forever --delay-ms 20
check_bg "kea30 v4: a 5th concurrent query" kea30-limit 4
check_bg "kea30 v6: a 5th concurrent query" kea30-limit 6
check_wait
stop
logged "log: kea30 queued the 5th" \
	'^hostile [0-9]+ queued xid=0x00000605 in-progress=4 max-concurrent=4$'

start once --once
check "--once: a query" simple
if need_up "--once: exit 0 after the first connection"; then
	for i in $(seq 40); do
		kill -0 "$PID" 2>/dev/null || break
		sleep 0.05
	done
	if ! kill -0 "$PID" 2>/dev/null && wait "$PID"; then
		ok "--once: exit 0 after the first connection"
	else
		not_ok "--once: still running or failed"
	fi
fi

# --- tshark's view of a v6 exchange
if ! command -v tshark >/dev/null; then
	skip "tshark is not installed: no dissector check"
	skip "tshark is not installed: no REPLY fields check"
elif ! start capture; then
	not_ok "tshark: the responder did not start"
	not_ok "tshark REPLY fields: the responder did not start"
else
	cap=$dir/v6.pcap
	if command -v tcpdump >/dev/null; then
		tcpdump -i lo -U --immediate-mode -w "$cap" "tcp port $P6" \
			2>"$dir/cap.err" &
	else
		tshark -i lo -w "$cap" -f "tcp port $P6" 2>"$dir/cap.err" &
	fi
	cpid=$!
	pids+=("$cpid")
	for i in $(seq 100); do
		grep -Eqs 'listening on|Capturing on' "$dir/cap.err" && break
		sleep 0.05
	done
	"$PY" "$dir/blqc.py" v6-capture 127.0.0.1 "$P4" ::1 "$P6" >/dev/null
	sleep 0.3
	kill -INT "$cpid"
	wait "$cpid"
	stop
	# One line per TCP segment: message types, sizes, expert messages.
	tshark -r "$cap" -d "tcp.port==$P6,dhcpv6.bulk_leasequery" \
		-Y dhcpv6.bulk_leasequery -T fields -E separator=';' \
		-e dhcpv6.bulk_leasequery.msgtype \
		-e dhcpv6.bulk_leasequery.size -e _ws.expert.severity \
		-e _ws.expert.message >"$dir/tshark.txt" 2>"$dir/tshark.err"
	# Wireshark 4.0 throws on a LEASEQUERY-DONE without options (it opens
	# the option tree with length -1 at the end of the PDU), and shows the
	# binary relay message of LQ_RELAY_DATA as a string ("Trailing stray
	# characters", a warning).  Those two are its bugs; anything else at
	# error level is ours.
	verdict=$(awk -F';' '
		{ types = types $1 ","; ns = split($3, sev, ",");
		  split($4, msg, ","); nt = split($1, t, ",");
		  split($2, sz, ","); why = ""
		  for (i = 1; i <= ns; i++) {
			if (sev[i] < 8388608)		# below PI_ERROR
				continue
			if (msg[i] == "Malformed Packet (Exception occurred)" &&
			    t[nt] == 16 && sz[nt] == 4) {
				tolerated++
				continue
			}
			why = why (why ? ", " : "") msg[i]
		  }
		  if (why)
			bad = bad " [types " $1 ": " why "]" }
		END { printf "%s|%d|%s\n", types, tolerated, bad }' \
		"$dir/tshark.txt")
	types=${verdict%%|*}
	bad=${verdict##*|}
	for t in 14 15 17 16; do
		c=$(tr ',' '\n' <<<"$types" | grep -cx "$t")
		eval "count_$t=$c"
	done
	if [ -z "$bad" ] && [ "$count_15" -ge 5 ] && [ "$count_17" -ge 1 ] &&
	   [ "$count_16" -ge 1 ]; then
		ok "tshark: REPLY $count_15, DATA $count_17, DONE $count_16, no error but its own empty-DONE bug"
	else
		not_ok "tshark: types ${types:-none}; errors:${bad:- none} $(grep -v '^Running as' "$dir/tshark.err" | head -2)"
	fi
	fields=$(tshark -r "$cap" -d "tcp.port==$P6,dhcpv6.bulk_leasequery" \
		-Y 'dhcpv6.bulk_leasequery.msgtype == 15' -T fields \
		-e dhcpv6.iaaddr.ip -e dhcpv6.iaprefix.pref_addr \
		-e dhcpv6.clt_time -e dhcpv6.status_code 2>/dev/null | head -1)
	if [[ $fields == 2001:db8::10*2001:db8:100::*20*0 ]]; then
		ok "tshark reads the REPLY's IAADDR, IAPREFIX, CLT_TIME, status"
	else
		not_ok "tshark REPLY fields: '$fields'"
	fi
fi

if [ "$n" != "$PLAN" ]; then
	echo "# planned $PLAN checks, printed $n: fix PLAN or the script"
	fail=1
fi
echo "1..$PLAN"
exit $fail
