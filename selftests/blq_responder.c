// SPDX-License-Identifier: GPL-2.0
/*
 * blq_responder: a Bulk Leasequery server for tests.  It answers DHCPv4
 * Bulk Leasequery (RFC 6926) and DHCPv6 Bulk Leasequery (RFC 5460) on TCP
 * from a file of bindings, the way Kea 3.0's leasequery hook does, and can
 * misbehave on purpose so that a client's error paths can be tested.  Its
 * encoders are its own: it shares no code with the agent's decoder
 * (lib/blq/blq*.c), so each checks the other.
 *
 *   blq_responder -f BINDINGS [-4 ADDR[:PORT]]... [-6 [ADDR]:PORT]...
 *                 [OPTION]...
 *
 *   -4 ADDR[:PORT]      DHCPv4 listener (TCP, default port 67)
 *   -6 [ADDR]:PORT|ADDR DHCPv6 listener (TCP, default port 547; a link-local
 *                       address takes a scope: [fe80::1%eth0]:547)
 *                       At least one listener; port 0 picks a free port.
 *   --base-time T       the server's clock, fixed at T (epoch seconds);
 *                       default: the real clock, which then ages the leases
 *   --send-state        add dhcp-state (156) = ACTIVE to each DHCPLEASEACTIVE
 *   --server-duid HEX   DHCPv6 SERVERID (default 00030001020000000001)
 *   --idle-timeout S    close a connection idle for S seconds (default 300,
 *                       Kea's; 0: never)
 *   --max-conns N       connections served at once (default 10); one more
 *                       is reset at once
 *   --pidfile FILE      written once the listeners are bound
 *   --ready-file FILE   the "ready" lines, written (then renamed into place)
 *                       once the listeners are bound
 *   --log FILE          append the log there instead of stdout
 *   --once              exit after the first connection is closed (one
 *                       reset for --max-conns does not count)
 *
 * Hostile switches (every connection; the first that applies wins, in the
 * order giant, stall-after, reset-after, truncate):
 *   --forever           after the matches, keep sending the matches again
 *                       (LEASEACTIVE / LEASEQUERY-DATA), never DONE
 *   --giant             instead of the answer, a length prefix of 65535
 *                       and 14 octets, then nothing (the input is still read)
 *   --truncate N        N whole messages, half the next frame, then close
 *   --wrong-xid         answer every query with its xid + 1
 *   --done-unknown-xid  before each answer, a DONE for an xid nobody asked
 *   --reset-after N     N messages, then a reset (RST)
 *   --stall-after N     N messages, then nothing (the input is still read)
 *   --no-client-data    DHCPv6: LEASEQUERY-DATA without CLIENT_DATA
 *   --status CODE       answer every query with this status and no
 *                       bindings: v4 DONE with status-code (151), v6 REPLY
 *                       with STATUS_CODE
 *   --refuse            reset every connection once accepted (an
 *                       unauthorised requester, as Kea does)
 *   --delay-ms MS       MS milliseconds between two messages of a connection
 *   --accept-delay-ms MS  accept() nothing for MS milliseconds after start
 *
 * Kea 3.0.x bugs (how the queries are taken in; they combine with each
 * other and with everything above).  Kea 3.0.x has both (seen on 3.0.4),
 * and it is what operators run, so a client should be tried with --kea30:
 *   --first-message-per-read
 *                       Kea #4660.  When one read() from a connection
 *                       completes a query, that query is processed and
 *                       whatever follows it in the same read (further
 *                       queries, or the start of one) is silently dropped;
 *                       the next read starts a new frame.  A query split
 *                       over several reads is still assembled.  So two
 *                       queries sent in one write get one answer; sent one
 *                       after the other's end, both are answered.
 *   --max-concurrent N  Kea #4549 (max-concurrent-queries).  A query is in
 *                       progress from its arrival until send() has taken
 *                       the last message of its answer (DONE, a v6 REPLY
 *                       alone, or a status).  A query that arrives while N
 *                       are in progress on its connection is queued and
 *                       never run: no answer, the connection stays open
 *                       (--idle-timeout still applies).
 *                       One that arrives when fewer are in progress runs.
 *   --kea30             behave like Kea 3.0.x: --first-message-per-read
 *                       --max-concurrent 4 (Kea's default for
 *                       max-concurrent-queries); a later --max-concurrent
 *                       overrides the 4.
 *
 * Once every listener is bound it prints "ready v4 ADDR PORT" or
 * "ready v6 ADDR PORT" per listener on stdout.  SIGTERM and SIGINT end it
 * with status 0; a bad argument or bindings file gives status 2, a socket
 * it cannot bind status 1.
 *
 * Bindings file: one binding per line; '#' starts a comment; blank lines are
 * skipped.  The first word is v4 or v6, then KEY=VALUE words separated by
 * blanks (so TEXT values hold no blank and no '#': use the -hex form).  HEX
 * is a string of hex octets, "0a0b0c" or "0a:0b:0c".  An unknown or repeated
 * key is an error naming the line.  Times are seconds: "lease" and
 * "preferred" are what remains at the server's clock when the file is loaded
 * ("infinite" for 0xffffffff), "cltt" is the time since the client's last
 * transaction.  Only state=active bindings (the default) with time left are
 * returned, as Kea returns only active leases.
 *
 *   v4 addr=192.0.2.10 lease=S [mac=02:00:00:00:00:01 [htype=1]]
 *      [client-id=HEX] [cltt=S] [state=available|active|expired|released|
 *      abandoned|reset|remote|transitioning] [circuit-id=TEXT|
 *      circuit-id-hex=HEX] [remote-id=TEXT|remote-id-hex=HEX]
 *      [relay-id-hex=HEX]
 *   The stored option 82 holds the sub-options given, in the order 1
 *   (circuit-id), 2 (remote-id), 12 (relay-id); 255 octets at most.
 *
 *   v6 addr=2001:db8::10 | prefix=2001:db8:100::/56 (one or more, all in
 *      one CLIENT_DATA) duid=HEX lease=VALID [preferred=S (default: VALID)]
 *      [cltt=S] [iaid=N (kept, not sent)] [state=...] [link=IPV6]
 *      [relay-id-hex=HEX] [interface-id=TEXT|interface-id-hex=HEX]
 *      [remote-id=ENTERPRISE:HEX] [peer=IPV6] [relay-link=IPV6]
 *      [lladdr=MAC]
 *   "link" is the link the binding is on (query by link-address, and the
 *   link filter of the other query types).  A binding with relay-id,
 *   interface-id, remote-id, peer, relay-link or lladdr gets an
 *   LQ_RELAY_DATA: peer-address = peer (default ::), then one RELAY-FORW
 *   (hop 0, link-address = relay-link (default ::, as an LDRA sends),
 *   peer-address = peer) holding INTERFACE_ID, REMOTE_ID, RELAY_ID and
 *   CLIENT_LINKLAYER_ADDR (79, RFC 6939: type 1, the 6 octets of lladdr),
 *   and, like Kea's, no RELAY_MSG.
 *
 * DHCPv4 (RFC 6926): each DHCPBULKLEASEQUERY must hold exactly one of
 * relay-id (82.12), remote-id (82.2), htype/hlen/chaddr, client-id (61),
 * optionally query-start-time (154) / query-end-time (155), compared with
 * the binding's last transaction time (the clock at load minus cltt).  Each
 * match is a DHCPLEASEACTIVE: BOOTREPLY, the query's xid, ciaddr, htype,
 * hlen, chaddr, options 53, 51 (lease time left), 54 (the address the
 * connection reached; first message of each query only, like Kea), 61,
 * 91 (cltt), 152 (base-time), 156 (--send-state), 82, END.  Then a
 * DHCPLEASEQUERYDONE.  Errors are a DONE with status-code (151), as Kea
 * sends them: several selectors, non-zero ciaddr/yiaddr/siaddr, a bad time
 * or an empty id are MalformedQuery (3); no selector ("all configured
 * addresses") and VSS (221) are NotAllowed (4).
 *
 * DHCPv6 (RFC 5460, RFC 5007): LEASEQUERY with OPTION_LQ_QUERY of type 1
 * by-address (IAADDR), 2 by-clientid (CLIENTID), 3 by-relay-id (RELAY_ID),
 * 4 by-link-address, 5 by-remote-id (REMOTE_ID: enterprise and id must both
 * match); a non-zero link-address in types 2, 3 and 5 keeps the bindings of
 * that link only (NotConfigured if no binding has it).  The answer is a
 * LEASEQUERY-REPLY with CLIENTID (the query's), SERVERID, STATUS_CODE
 * Success and the first match's CLIENT_DATA (CLIENTID, IAADDR / IAPREFIX
 * with the lifetimes left, CLT_TIME, LQ_RELAY_DATA), then a LEASEQUERY-DATA
 * per further match and a LEASEQUERY-DONE.  No match: one REPLY without
 * CLIENT_DATA, and no DONE.  Errors: a REPLY with STATUS_CODE
 * UnknownQueryType (7), MalformedQuery (8) or NotConfigured (9).
 *
 * All messages of an answer carry the query's transaction id; several
 * queries on one connection are answered interleaved, one message of each in
 * turn (unless --first-message-per-read or --max-concurrent keep them out).  Answers are generated as the socket drains, never more than a few
 * tens of KiB ahead, so a query matching 100000 bindings costs no memory.
 *
 * Log, one line per event, flushed (N is the connection number):
 *   loaded v4=N v6=M cpu_us=T   (T: CPU time of the load, not wall clock,
 *                                so that a loaded host does not move it)
 *   conn N open PEER
 *   query N v4 xid=0x%08x by=relay-id|remote-id|mac|client-id id=HEX
 *         [htype=T] [start=T] [end=T]
 *   query N v6 xid=0x%06x by=address addr=IPV6
 *                           |client-id id=HEX|relay-id id=HEX
 *                           |link-address link=IPV6
 *                           |remote-id enterprise=E id=HEX  [link=IPV6]
 *   query N v4|v6 xid=0x... error status=C "TEXT"   (the answer is C)
 *   query N v4|v6 unparsable len=L                  (dropped: no xid)
 *   sent N xid=0x... bindings=K done|reply [status=C]   (reply: v6 REPLY
 *         and no DONE; logged when the last message is queued)
 *   unfinished N xid=0x... bindings=K        (connection gone mid-answer)
 *   hostile N WHAT ...    a hostile switch acted: giant, wrong-xid,
 *         unknown-xid, stall, reset, truncate, ignored (a query on a
 *         stalled connection), over max-conns, and for the Kea bugs:
 *   hostile N first-message-per-read dropped octets=X messages=M
 *         (M: the whole frames among the X octets dropped from one read)
 *   hostile N queued xid=0x... in-progress=K max-concurrent=N
 *   dropped N reads=R octets=X messages=M   (--first-message-per-read: the
 *         connection's totals, logged as it ends, zeros included)
 *   queued N queries=Q    (--max-concurrent: the queries it never ran,
 *         logged as the connection ends)
 *   error N TEXT          a framing error (then a reset) or a truncated
 *                         query at the end of the stream
 *   conn N closed|reset|timeout
 *   exit on signal S
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <linux/sockios.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define __printf(a, b)		__attribute__((format(printf, a, b)))
#define __noreturn		__attribute__((noreturn))
#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))

#define FRAME_MAX		65535	/* the 2-octet length prefix's limit */
#define FRAME_HDR		2
#define TX_LOW			16384	/* generate while less than this waits */
#define MAX_QUERIES		64	/* per connection before reading pauses */
#define MAX_LISTENERS		16
#define MAX_LEASES6		256	/* addresses + prefixes per v6 binding */
#define DRAIN_MS		1000	/* wait for ACKs before a hostile RST */
#define INFINITE		0xffffffffu

/* DHCPv4 (RFC 2131, RFC 4388, RFC 6926). */
#define BOOTREQUEST		1
#define BOOTREPLY		2
#define V4_HDR_LEN		240	/* BOOTP header + magic cookie */
#define V4_CHADDR_LEN		16
#define D4_LEASEACTIVE		13
#define D4_BULKLEASEQUERY	14
#define D4_LEASEQUERYDONE	15
#define O4_PAD			0
#define O4_LEASE_TIME		51
#define O4_MSG_TYPE		53
#define O4_SERVER_ID		54
#define O4_CLIENT_ID		61
#define O4_RAI			82
#define O4_CLTT			91
#define O4_STATUS_CODE		151
#define O4_BASE_TIME		152
#define O4_QUERY_START_TIME	154
#define O4_QUERY_END_TIME	155
#define O4_DHCP_STATE		156
#define O4_VSS			221
#define O4_END			255
#define RAI_CIRCUIT_ID		1
#define RAI_REMOTE_ID		2
#define RAI_RELAY_ID		12
#define S4_MALFORMED_QUERY	3
#define S4_NOT_ALLOWED		4

/* dhcp-state (156) values; also the bindings' state= names. */
#define ST_ACTIVE		2
static const char *const state_names[] = {
	[1] = "available", [2] = "active", [3] = "expired", [4] = "released",
	[5] = "abandoned", [6] = "reset", [7] = "remote",
	[8] = "transitioning",
};

/* DHCPv6 (RFC 8415, RFC 5007, RFC 5460). */
#define D6_RELAY_FORW		12
#define D6_LEASEQUERY		14
#define D6_LEASEQUERY_REPLY	15
#define D6_LEASEQUERY_DONE	16	/* DONE is 16 ... */
#define D6_LEASEQUERY_DATA	17	/* ... and DATA is 17 */
#define O6_CLIENTID		1
#define O6_SERVERID		2
#define O6_IAADDR		5
#define O6_STATUS_CODE		13
#define O6_INTERFACE_ID		18
#define O6_IAPREFIX		26
#define O6_REMOTE_ID		37
#define O6_LQ_QUERY		44
#define O6_CLIENT_DATA		45
#define O6_CLT_TIME		46
#define O6_LQ_RELAY_DATA	47
#define O6_RELAY_ID		53
#define O6_CLIENT_LINKLAYER_ADDR	79
#define QT_BY_ADDRESS		1
#define QT_BY_CLIENTID		2
#define QT_BY_RELAY_ID		3
#define QT_BY_LINK_ADDRESS	4
#define QT_BY_REMOTE_ID		5
#define S6_SUCCESS		0
#define S6_UNKNOWN_QUERY_TYPE	7
#define S6_MALFORMED_QUERY	8
#define S6_NOT_CONFIGURED	9

/* v4 selectors, in the log's words. */
enum { BY4_RELAY_ID = 1, BY4_REMOTE_ID, BY4_MAC, BY4_CLIENT_ID };

static const char *const by4_names[] = {
	[BY4_RELAY_ID] = "relay-id", [BY4_REMOTE_ID] = "remote-id",
	[BY4_MAC] = "mac", [BY4_CLIENT_ID] = "client-id",
};

static const char *const by6_names[] = {
	[QT_BY_ADDRESS] = "address", [QT_BY_CLIENTID] = "client-id",
	[QT_BY_RELAY_ID] = "relay-id", [QT_BY_LINK_ADDRESS] = "link-address",
	[QT_BY_REMOTE_ID] = "remote-id",
};

/* ------------------------------------------------------------------ */
/* Options                                                             */

static struct {
	const char *bindings;
	bool base_time_set;
	uint32_t base_time;
	bool send_state;
	uint8_t server_duid[130];
	size_t server_duid_len;
	unsigned long idle_timeout;	/* seconds, 0: none */
	unsigned long max_conns;
	const char *pidfile;
	const char *ready_file;
	const char *log_file;
	bool once;
	/* Hostile behaviour. */
	bool forever;
	bool giant;
	bool wrong_xid;
	bool done_unknown_xid;
	bool no_client_data;
	bool refuse;
	long truncate;			/* -1: off */
	long reset_after;
	long stall_after;
	long status;
	unsigned long delay_ms;
	unsigned long accept_delay_ms;
	/* Kea 3.0.x's input bugs. */
	bool first_message_per_read;
	unsigned long max_concurrent;	/* 0: no limit */
} opt = {
	.server_duid = { 0x00, 0x03, 0x00, 0x01, 0x02, 0x00, 0x00, 0x00,
			 0x00, 0x01 },
	.server_duid_len = 10,
	.idle_timeout = 300,
	.max_conns = 10,
	.truncate = -1,
	.reset_after = -1,
	.stall_after = -1,
	.status = -1,
};

static FILE *logf_;

static __noreturn __printf(1, 2) void die(const char *fmt, ...)
{
	va_list ap;

	fputs("blq_responder: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static __printf(1, 2) void logmsg(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(logf_, fmt, ap);
	va_end(ap);
	fputc('\n', logf_);
	fflush(logf_);
}

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		die("out of memory");
	return p;
}

/* Make room for @need elements of @size octets in a growable array. */
static void *grow(void *p, size_t *cap, size_t need, size_t size)
{
	size_t n = *cap ? *cap : 64;

	if (need <= *cap)
		return p;
	while (n < need)
		n *= 2;
	*cap = n;
	return xrealloc(p, n * size);
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = (v >> 16) & 0xff;
	p[2] = (v >> 8) & 0xff;
	p[3] = v & 0xff;
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Hex for the log; @out holds 2 * @len + 1. */
static char *hexstr(const uint8_t *p, size_t len, char *out)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < len; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 15];
	}
	out[2 * len] = '\0';
	return out;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * "0a0b0c" (an even number of digits) or "a:b:0c" (1 or 2 digits per
 * octet).  Returns the number of octets, or -1 if malformed, empty or over
 * @cap.
 */
static int parse_hex(const char *s, uint8_t *out, size_t cap)
{
	size_t n = 0;

	if (!*s)
		return -1;
	if (strchr(s, ':')) {
		for (;;) {
			int hi = hexval(s[0]), lo;

			if (hi < 0 || n == cap)
				return -1;
			lo = hexval(s[1]);
			if (lo >= 0) {
				out[n++] = (uint8_t)(hi << 4 | lo);
				s += 2;
			} else {
				out[n++] = (uint8_t)hi;
				s += 1;
			}
			if (!*s)
				return (int)n;
			if (*s++ != ':' || !*s)
				return -1;
		}
	}
	for (; *s; s += 2) {
		int hi = hexval(s[0]), lo = s[1] ? hexval(s[1]) : -1;

		if (hi < 0 || lo < 0 || n == cap)
			return -1;
		out[n++] = (uint8_t)(hi << 4 | lo);
	}
	return (int)n;
}

static bool parse_ulong(const char *s, unsigned long max, unsigned long *v)
{
	char *end;

	if (*s < '0' || *s > '9')
		return false;
	errno = 0;
	*v = strtoul(s, &end, 10);
	return !errno && !*end && *v <= max;
}

/* A lifetime: decimal seconds or "infinite". */
static bool parse_time(const char *s, uint32_t *v)
{
	unsigned long l;

	if (!strcmp(s, "infinite") || !strcmp(s, "infinity")) {
		*v = INFINITE;
		return true;
	}
	if (!parse_ulong(s, UINT32_MAX, &l))
		return false;
	*v = (uint32_t)l;
	return true;
}

/* ------------------------------------------------------------------ */
/* Bindings                                                            */

/* Variable-length binding data lives in one arena, by offset. */
static uint8_t *blob;
static size_t blob_len, blob_cap;

static uint32_t blob_put(const void *d, size_t n)
{
	uint32_t off = (uint32_t)blob_len;

	if (blob_len + n > UINT32_MAX)
		die("bindings too large");
	blob = grow(blob, &blob_cap, blob_len + n, 1);
	memcpy(blob + blob_len, d, n);
	blob_len += n;
	return off;
}

struct b4 {
	uint32_t lease;			/* seconds left at load time */
	uint32_t cltt;			/* seconds since the last transaction */
	uint32_t cid_off, rai_off;	/* in blob */
	uint32_t remid_off, relid_off;	/* inside the stored option 82 */
	uint16_t cid_len;		/* 0: none */
	uint8_t rai_len, remid_len, relid_len;
	uint8_t addr[4];
	uint8_t state;
	uint8_t htype, hlen;
	uint8_t chaddr[V4_CHADDR_LEN];
};

struct lease6 {
	uint8_t addr[16];
	uint8_t plen;
	bool prefix;
};

struct b6 {
	uint32_t valid, preferred, cltt, iaid;
	uint32_t duid_off, relid_off, ifid_off, rem_off;
	uint32_t first_lease;		/* in leases6 */
	uint16_t n_leases;
	uint8_t duid_len, relid_len, ifid_len;
	uint8_t rem_len;		/* enterprise number (4) included */
	uint8_t state;
	bool has_link, has_relay, has_lladdr;
	uint8_t link[16], peer[16], relay_link[16];
	uint8_t lladdr[6];
};

static struct b4 *b4v;
static size_t n_b4, cap_b4;
static struct b6 *b6v;
static size_t n_b6, cap_b6;
static struct lease6 *leases6;
static size_t n_leases6, cap_leases6;
static uint32_t t0;		/* the server's clock when the file was loaded */

static uint32_t server_now(void)
{
	return opt.base_time_set ? opt.base_time : (uint32_t)time(NULL);
}

/* Seconds since the bindings were loaded: how much they have aged. */
static uint32_t aged(void)
{
	uint32_t now = server_now();

	return now > t0 ? now - t0 : 0;
}

static uint32_t left(uint32_t lifetime, uint32_t age)
{
	if (lifetime == INFINITE)
		return lifetime;
	return lifetime > age ? lifetime - age : 0;
}

static uint32_t plus(uint32_t cltt, uint32_t age)
{
	return cltt > UINT32_MAX - age ? UINT32_MAX : cltt + age;
}

struct lineinfo {
	const char *file;
	unsigned long line;
};

static __noreturn __printf(2, 3) void bad_line(const struct lineinfo *li,
						const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "blq_responder: %s:%lu: ", li->file, li->line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

/*
 * Look a key up in @keys; a key seen before on the line is an error, and so
 * are both forms of an alternative (@alt[i] == @alt[j] != 0).
 */
static int key_index(const struct lineinfo *li, const char *key,
		     const char *const *keys, const uint8_t *alt, size_t n,
		     uint32_t *seen, bool repeatable_first)
{
	size_t i, j;

	for (i = 0; i < n; i++)
		if (!strcmp(key, keys[i]))
			break;
	if (i == n)
		bad_line(li, "unknown key '%s'", key);
	if (repeatable_first && i < 2)
		return (int)i;
	if (*seen & (1u << i))
		bad_line(li, "key '%s' given twice", key);
	for (j = 0; j < n; j++)
		if (alt[i] && j != i && alt[j] == alt[i] && *seen & (1u << j))
			bad_line(li, "'%s' and '%s' together", keys[j], key);
	*seen |= 1u << i;
	return (int)i;
}

static uint8_t parse_state(const struct lineinfo *li, const char *v)
{
	size_t i;

	for (i = 1; i < ARRAY_SIZE(state_names); i++)
		if (!strcmp(v, state_names[i]))
			return (uint8_t)i;
	bad_line(li, "unknown state '%s'", v);
}

/* A text or hex value of 1..@cap octets into @out; returns its length. */
static int text_or_hex(const struct lineinfo *li, const char *key,
		       const char *v, bool hex, uint8_t *out, size_t cap)
{
	size_t n;
	int h;

	if (hex) {
		h = parse_hex(v, out, cap);
		if (h < 1)
			bad_line(li, "%s: bad hex or longer than %zu octets",
				 key, cap);
		return h;
	}
	n = strlen(v);
	if (n < 1 || n > cap)
		bad_line(li, "%s: 1 to %zu octets", key, cap);
	memcpy(out, v, n);
	return (int)n;
}

/* The keys of a v4 line; alt4[] pairs the two forms of one value. */
enum {
	K4_ADDR, K4_MAC, K4_HTYPE, K4_CLIENT_ID, K4_LEASE, K4_CLTT, K4_STATE,
	K4_CIRCUIT, K4_CIRCUIT_HEX, K4_REMOTE, K4_REMOTE_HEX, K4_RELAY_HEX,
	K4_N
};

static const char *const keys4[K4_N] = {
	"addr", "mac", "htype", "client-id", "lease", "cltt", "state",
	"circuit-id", "circuit-id-hex", "remote-id", "remote-id-hex",
	"relay-id-hex",
};

static const uint8_t alt4[K4_N] = {
	[K4_CIRCUIT] = 1, [K4_CIRCUIT_HEX] = 1,
	[K4_REMOTE] = 2, [K4_REMOTE_HEX] = 2,
};

static void parse_b4(const struct lineinfo *li, char **tok, int ntok)
{
	uint8_t sub[3][255], cid[255], rai[255];
	static const uint8_t sub_code[3] = {
		RAI_CIRCUIT_ID, RAI_REMOTE_ID, RAI_RELAY_ID
	};
	int sub_len[3] = { 0, 0, 0 }, cid_len = 0, h, i;
	struct b4 b = { .state = ST_ACTIVE };
	size_t rai_len = 0;
	uint32_t seen = 0;
	unsigned long l;

	for (i = 1; i < ntok; i++) {
		char *v = strchr(tok[i], '=');

		if (!v)
			bad_line(li, "'%s' is not KEY=VALUE", tok[i]);
		*v++ = '\0';
		switch (key_index(li, tok[i], keys4, alt4, K4_N, &seen,
				  false)) {
		case K4_ADDR:
			if (inet_pton(AF_INET, v, b.addr) != 1)
				bad_line(li, "addr: bad IPv4 address '%s'", v);
			break;
		case K4_MAC:
			h = parse_hex(v, b.chaddr, V4_CHADDR_LEN);
			if (h < 1)
				bad_line(li, "mac: bad hardware address '%s'",
					 v);
			b.hlen = (uint8_t)h;
			break;
		case K4_HTYPE:
			if (!parse_ulong(v, 255, &l))
				bad_line(li, "htype: 0 to 255");
			b.htype = (uint8_t)l;
			break;
		case K4_CLIENT_ID:
			cid_len = text_or_hex(li, "client-id", v, true, cid,
					      sizeof(cid));
			break;
		case K4_LEASE:
			if (!parse_time(v, &b.lease))
				bad_line(li, "lease: bad seconds '%s'", v);
			break;
		case K4_CLTT:
			if (!parse_time(v, &b.cltt))
				bad_line(li, "cltt: bad seconds '%s'", v);
			break;
		case K4_STATE:
			b.state = parse_state(li, v);
			break;
		case K4_CIRCUIT:
		case K4_CIRCUIT_HEX:
			sub_len[0] = text_or_hex(li, "circuit-id", v,
						 !strcmp(tok[i], "circuit-id-hex"),
						 sub[0], sizeof(sub[0]));
			break;
		case K4_REMOTE:
		case K4_REMOTE_HEX:
			sub_len[1] = text_or_hex(li, "remote-id", v,
						 !strcmp(tok[i], "remote-id-hex"),
						 sub[1], sizeof(sub[1]));
			break;
		case K4_RELAY_HEX:
			sub_len[2] = text_or_hex(li, "relay-id-hex", v, true,
						 sub[2], sizeof(sub[2]));
			break;
		}
	}
	if (!(seen & (1u << K4_ADDR)))
		bad_line(li, "v4 binding without addr=");
	if (!(seen & (1u << K4_LEASE)))
		bad_line(li, "v4 binding without lease=");
	if (b.hlen && !(seen & (1u << K4_HTYPE)))
		b.htype = 1;		/* Ethernet */

	for (i = 0; i < 3; i++) {
		if (!sub_len[i])
			continue;
		if (rai_len + 2 + (size_t)sub_len[i] > sizeof(rai))
			bad_line(li, "option 82 longer than 255 octets");
		rai[rai_len++] = sub_code[i];
		rai[rai_len++] = (uint8_t)sub_len[i];
		memcpy(rai + rai_len, sub[i], (size_t)sub_len[i]);
		rai_len += (size_t)sub_len[i];
	}
	if (rai_len) {
		size_t off = 0;

		b.rai_off = blob_put(rai, rai_len);
		b.rai_len = (uint8_t)rai_len;
		for (i = 0; i < 3; i++) {
			if (!sub_len[i])
				continue;
			if (sub_code[i] == RAI_REMOTE_ID) {
				b.remid_off = b.rai_off + (uint32_t)off + 2;
				b.remid_len = (uint8_t)sub_len[i];
			} else if (sub_code[i] == RAI_RELAY_ID) {
				b.relid_off = b.rai_off + (uint32_t)off + 2;
				b.relid_len = (uint8_t)sub_len[i];
			}
			off += 2 + (size_t)sub_len[i];
		}
	}
	if (cid_len) {
		b.cid_off = blob_put(cid, (size_t)cid_len);
		b.cid_len = (uint16_t)cid_len;
	}
	b4v = grow(b4v, &cap_b4, n_b4 + 1, sizeof(*b4v));
	b4v[n_b4++] = b;
}

/* The keys of a v6 line; addr and prefix may repeat (key_index()). */
enum {
	K6_ADDR, K6_PREFIX, K6_DUID, K6_IAID, K6_LEASE, K6_PREFERRED, K6_CLTT,
	K6_STATE, K6_LINK, K6_RELAY_HEX, K6_IFID, K6_IFID_HEX, K6_REMOTE,
	K6_PEER, K6_RELAY_LINK, K6_LLADDR, K6_N
};

static const char *const keys6[K6_N] = {
	"addr", "prefix", "duid", "iaid", "lease", "preferred", "cltt",
	"state", "link", "relay-id-hex", "interface-id", "interface-id-hex",
	"remote-id", "peer", "relay-link", "lladdr",
};

static const uint8_t alt6[K6_N] = { [K6_IFID] = 1, [K6_IFID_HEX] = 1 };

static void parse_b6(const struct lineinfo *li, char **tok, int ntok)
{
	uint8_t duid[130], relid[130], ifid[255], rem[255];
	struct lease6 ls[MAX_LEASES6];
	struct b6 b = { .state = ST_ACTIVE };
	int n_ls = 0, duid_len = 0, relid_len = 0, ifid_len = 0, rem_len = 0;
	uint32_t seen = 0;
	unsigned long l;
	int i, h;

	for (i = 1; i < ntok; i++) {
		char *v = strchr(tok[i], '='), *slash, *colon;
		int k;

		if (!v)
			bad_line(li, "'%s' is not KEY=VALUE", tok[i]);
		*v++ = '\0';
		k = key_index(li, tok[i], keys6, alt6, K6_N, &seen, true);
		switch (k) {
		case K6_ADDR:
		case K6_PREFIX:
			if (n_ls == MAX_LEASES6)
				bad_line(li, "more than %d addresses and prefixes",
					 MAX_LEASES6);
			ls[n_ls].prefix = k == K6_PREFIX;
			ls[n_ls].plen = 128;
			slash = strchr(v, '/');
			if (k == K6_PREFIX) {
				if (!slash || !parse_ulong(slash + 1, 128, &l))
					bad_line(li, "prefix: ADDR/LEN expected");
				*slash = '\0';
				ls[n_ls].plen = (uint8_t)l;
			}
			if (inet_pton(AF_INET6, v, ls[n_ls].addr) != 1)
				bad_line(li, "%s: bad IPv6 address '%s'",
					 keys6[k], v);
			n_ls++;
			seen |= 1u << k;
			break;
		case K6_DUID:
			duid_len = text_or_hex(li, "duid", v, true, duid,
					       sizeof(duid));
			break;
		case K6_IAID:
			if (!parse_ulong(v, UINT32_MAX, &l))
				bad_line(li, "iaid: 0 to 4294967295");
			b.iaid = (uint32_t)l;
			break;
		case K6_LEASE:
			if (!parse_time(v, &b.valid))
				bad_line(li, "lease: bad seconds '%s'", v);
			break;
		case K6_PREFERRED:
			if (!parse_time(v, &b.preferred))
				bad_line(li, "preferred: bad seconds '%s'", v);
			break;
		case K6_CLTT:
			if (!parse_time(v, &b.cltt))
				bad_line(li, "cltt: bad seconds '%s'", v);
			break;
		case K6_STATE:
			b.state = parse_state(li, v);
			break;
		case K6_LINK:
			if (inet_pton(AF_INET6, v, b.link) != 1)
				bad_line(li, "link: bad IPv6 address '%s'", v);
			b.has_link = true;
			break;
		case K6_RELAY_HEX:
			relid_len = text_or_hex(li, "relay-id-hex", v, true,
						relid, sizeof(relid));
			break;
		case K6_IFID:
		case K6_IFID_HEX:
			ifid_len = text_or_hex(li, "interface-id", v,
					       k == K6_IFID_HEX, ifid,
					       sizeof(ifid));
			break;
		case K6_REMOTE:
			colon = strchr(v, ':');
			if (!colon)
				bad_line(li, "remote-id: ENTERPRISE:HEX expected");
			*colon = '\0';
			if (!parse_ulong(v, UINT32_MAX, &l))
				bad_line(li, "remote-id: bad enterprise number");
			put32(rem, (uint32_t)l);
			h = parse_hex(colon + 1, rem + 4, sizeof(rem) - 4);
			if (h < 1)
				bad_line(li, "remote-id: bad hex or too long");
			rem_len = 4 + h;
			break;
		case K6_PEER:
			if (inet_pton(AF_INET6, v, b.peer) != 1)
				bad_line(li, "peer: bad IPv6 address '%s'", v);
			break;
		case K6_RELAY_LINK:
			if (inet_pton(AF_INET6, v, b.relay_link) != 1)
				bad_line(li, "relay-link: bad IPv6 address '%s'",
					 v);
			break;
		case K6_LLADDR:
			if (parse_hex(v, b.lladdr, sizeof(b.lladdr)) != 6)
				bad_line(li, "lladdr: a MAC address expected, not '%s'",
					 v);
			b.has_lladdr = true;
			break;
		}
	}
	if (!n_ls)
		bad_line(li, "v6 binding without addr= or prefix=");
	if (!duid_len)
		bad_line(li, "v6 binding without duid=");
	if (!(seen & (1u << K6_LEASE)))
		bad_line(li, "v6 binding without lease=");
	if (!(seen & (1u << K6_PREFERRED)))
		b.preferred = b.valid;
	if (b.valid != INFINITE && b.preferred > b.valid)
		bad_line(li, "preferred is longer than lease");
	b.has_relay = seen & (1u << K6_RELAY_HEX | 1u << K6_IFID |
			      1u << K6_IFID_HEX | 1u << K6_REMOTE |
			      1u << K6_PEER | 1u << K6_RELAY_LINK |
			      1u << K6_LLADDR);

	b.duid_off = blob_put(duid, (size_t)duid_len);
	b.duid_len = (uint8_t)duid_len;
	if (relid_len) {
		b.relid_off = blob_put(relid, (size_t)relid_len);
		b.relid_len = (uint8_t)relid_len;
	}
	if (ifid_len) {
		b.ifid_off = blob_put(ifid, (size_t)ifid_len);
		b.ifid_len = (uint8_t)ifid_len;
	}
	if (rem_len) {
		b.rem_off = blob_put(rem, (size_t)rem_len);
		b.rem_len = (uint8_t)rem_len;
	}
	leases6 = grow(leases6, &cap_leases6, n_leases6 + (size_t)n_ls,
		       sizeof(*leases6));
	memcpy(leases6 + n_leases6, ls, (size_t)n_ls * sizeof(*ls));
	b.first_lease = (uint32_t)n_leases6;
	b.n_leases = (uint16_t)n_ls;
	n_leases6 += (size_t)n_ls;
	b6v = grow(b6v, &cap_b6, n_b6 + 1, sizeof(*b6v));
	b6v[n_b6++] = b;
}

static void load_bindings(const char *path)
{
	struct lineinfo li = { .file = path };
	size_t len = 0, cap = 0;
	char *buf = NULL, *line, *next;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0) {
		fprintf(stderr, "blq_responder: %s: %s\n", path,
			strerror(errno));
		exit(2);
	}
	for (;;) {
		buf = grow(buf, &cap, len + 65536 + 1, 1);
		n = read(fd, buf + len, cap - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			fprintf(stderr, "blq_responder: %s: %s\n", path,
				strerror(errno));
			exit(2);
		}
		if (!n)
			break;
		len += (size_t)n;
	}
	close(fd);
	buf[len] = '\0';
	if (memchr(buf, '\0', len)) {
		fprintf(stderr, "blq_responder: %s: NUL in file\n", path);
		exit(2);
	}

	for (line = buf; line && *line; line = next) {
		char *tok[64], *p, *hash;
		int ntok = 0;

		li.line++;
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		hash = strchr(line, '#');
		if (hash)
			*hash = '\0';
		for (p = line; *p;) {
			while (*p == ' ' || *p == '\t' || *p == '\r')
				*p++ = '\0';
			if (!*p)
				break;
			if (ntok == (int)ARRAY_SIZE(tok))
				bad_line(&li, "more than %zu words",
					 ARRAY_SIZE(tok));
			tok[ntok++] = p;
			while (*p && *p != ' ' && *p != '\t' && *p != '\r')
				p++;
		}
		if (!ntok)
			continue;
		if (!strcmp(tok[0], "v4"))
			parse_b4(&li, tok, ntok);
		else if (!strcmp(tok[0], "v6"))
			parse_b6(&li, tok, ntok);
		else
			bad_line(&li, "a binding starts with v4 or v6, not '%s'",
				 tok[0]);
	}
	free(buf);
}

/* ------------------------------------------------------------------ */
/* Queries                                                             */

enum { PH_PREAMBLE, PH_FIRST, PH_MORE };

struct query {
	uint32_t xid;			/* as asked */
	uint32_t rxid;			/* in the answer (--wrong-xid: + 1) */
	bool v6;
	uint8_t by;			/* BY4_* or QT_* */
	uint8_t phase;			/* PH_* */
	bool error;			/* answer with the status alone */
	uint16_t status;
	char status_text[80];
	uint8_t htype, hlen;		/* BY4_MAC */
	uint16_t key_len;
	uint8_t key[256];		/* id, chaddr, or enterprise + id */
	bool has_start, has_end;
	uint32_t start, end;
	bool link_filter;
	uint8_t link[16];
	uint8_t addr[16];		/* QT_BY_ADDRESS */
	uint16_t cid_len;		/* v6: the requestor's CLIENTID */
	uint8_t cid[256];
	size_t next;			/* next binding to examine */
	unsigned long sent;		/* bindings sent */
	unsigned long msgs;		/* messages sent (not the preamble) */
};

static bool query_fail(struct query *q, uint16_t status, const char *text)
{
	q->error = true;
	q->status = status;
	snprintf(q->status_text, sizeof(q->status_text), "%s", text);
	return true;
}

/*
 * Gather every instance of DHCPv4 option @code (RFC 3396 concatenation)
 * into @out.  Returns the number of instances, or -1 if the options area is
 * truncated or the value is longer than @cap.  Options stop at END or at
 * the end of the message; the file and sname fields are not looked at.
 */
static int opt4_get(const uint8_t *o, size_t len, uint8_t code,
		    uint8_t *out, size_t cap, size_t *out_len)
{
	size_t i = 0;
	int found = 0;

	*out_len = 0;
	while (i < len) {
		uint8_t c = o[i], l;

		if (c == O4_PAD) {
			i++;
			continue;
		}
		if (c == O4_END)
			break;
		if (i + 2 > len || i + 2 + o[i + 1] > len)
			return -1;
		l = o[i + 1];
		if (c == code) {
			if (*out_len + l > cap)
				return -1;
			memcpy(out + *out_len, o + i + 2, l);
			*out_len += l;
			found++;
		}
		i += 2 + (size_t)l;
	}
	return found;
}

/* An option 154/155: 4 octets, below 2^31 (Kea's check). */
static bool opt4_time(const uint8_t *o, size_t len, uint8_t code,
		      bool *has, uint32_t *v)
{
	uint8_t buf[16];
	size_t l;
	int n = opt4_get(o, len, code, buf, sizeof(buf), &l);

	*has = n > 0;
	if (n <= 0)
		return n == 0;
	if (l != 4)
		return false;
	*v = get32(buf);
	return *v < 0x80000000u;
}

/*
 * Parse a DHCPBULKLEASEQUERY.  False if it is too short to have an xid (it
 * cannot be answered); otherwise the query is filled in, with q->error set
 * if the answer is a status.  The checks and their texts follow Kea's.
 */
static bool parse_query4(const uint8_t *m, size_t len, struct query *q)
{
	static const uint8_t cookie[4] = { 99, 130, 83, 99 };
	static const uint8_t zero[4];
	uint8_t buf[1024], relay_id[255], remote_id[255];
	size_t olen, l, rel_len = 0, rem_len = 0, i;
	const uint8_t *o;
	unsigned int mask = 0;
	int n;

	if (len < V4_HDR_LEN)
		return false;
	q->xid = get32(m + 4);
	if (m[0] != BOOTREQUEST)
		return query_fail(q, S4_MALFORMED_QUERY, "op is not BOOTREQUEST");
	if (memcmp(m + 236, cookie, 4))
		return query_fail(q, S4_MALFORMED_QUERY, "no magic cookie");
	o = m + V4_HDR_LEN;
	olen = len - V4_HDR_LEN;
	n = opt4_get(o, olen, O4_MSG_TYPE, buf, sizeof(buf), &l);
	if (n < 0)
		return query_fail(q, S4_MALFORMED_QUERY, "truncated option");
	if (n == 0 || l != 1 || buf[0] != D4_BULKLEASEQUERY)
		return query_fail(q, S4_MALFORMED_QUERY,
				  "not a DHCPBULKLEASEQUERY");
	if (memcmp(m + 12, zero, 4))
		return query_fail(q, S4_MALFORMED_QUERY, "ciaddr must be zero");
	if (memcmp(m + 16, zero, 4))
		return query_fail(q, S4_MALFORMED_QUERY, "yiaddr must be zero");
	if (memcmp(m + 20, zero, 4))
		return query_fail(q, S4_MALFORMED_QUERY, "siaddr must be zero");

	n = opt4_get(o, olen, O4_CLIENT_ID, q->key, 255, &l);
	if (n < 0)
		return query_fail(q, S4_MALFORMED_QUERY, "bad client-id");
	if (n > 0) {
		if (!l)
			return query_fail(q, S4_MALFORMED_QUERY,
					  "empty client-id");
		mask |= 1;
		q->key_len = (uint16_t)l;
	}
	q->htype = m[1];
	q->hlen = m[2];
	if (q->htype || q->hlen) {
		if (q->hlen > V4_CHADDR_LEN)
			return query_fail(q, S4_MALFORMED_QUERY,
					  "hlen is over 16");
		mask |= 2;
	}
	n = opt4_get(o, olen, O4_RAI, buf, sizeof(buf), &l);
	if (n < 0)
		return query_fail(q, S4_MALFORMED_QUERY, "bad option 82");
	for (i = 0; n > 0 && i < l; i += 2 + (size_t)buf[i + 1]) {
		if (i + 2 > l || i + 2 + buf[i + 1] > l)
			return query_fail(q, S4_MALFORMED_QUERY,
					  "truncated option 82 sub-option");
		if (buf[i] == RAI_RELAY_ID && !(mask & 4)) {
			if (!buf[i + 1])
				return query_fail(q, S4_MALFORMED_QUERY,
						  "empty relay id option");
			rel_len = buf[i + 1];
			memcpy(relay_id, buf + i + 2, rel_len);
			mask |= 4;
		} else if (buf[i] == RAI_REMOTE_ID && !(mask & 8)) {
			if (!buf[i + 1])
				return query_fail(q, S4_MALFORMED_QUERY,
						  "empty remote id option");
			rem_len = buf[i + 1];
			memcpy(remote_id, buf + i + 2, rem_len);
			mask |= 8;
		}
	}
	if (!opt4_time(o, olen, O4_QUERY_START_TIME, &q->has_start, &q->start))
		return query_fail(q, S4_MALFORMED_QUERY,
				  "illegal 'query-start-time'");
	if (!opt4_time(o, olen, O4_QUERY_END_TIME, &q->has_end, &q->end))
		return query_fail(q, S4_MALFORMED_QUERY,
				  "illegal 'query-end-time'");
	if (q->has_start && q->has_end && q->start && q->end &&
	    q->start > q->end)
		return query_fail(q, S4_MALFORMED_QUERY,
				  "query-start-time > query-end-time");
	n = opt4_get(o, olen, O4_VSS, buf, sizeof(buf), &l);
	if (n != 0)
		return query_fail(q, S4_NOT_ALLOWED, "VPNs are not supported");

	switch (mask) {
	case 0:
		return query_fail(q, S4_NOT_ALLOWED,
				  "query for all configured addresses is not supported");
	case 1:
		q->by = BY4_CLIENT_ID;
		break;
	case 2:
		q->by = BY4_MAC;
		q->key_len = q->hlen;
		memcpy(q->key, m + 28, q->hlen);
		break;
	case 4:
		q->by = BY4_RELAY_ID;
		q->key_len = (uint16_t)rel_len;
		memcpy(q->key, relay_id, rel_len);
		break;
	case 8:
		q->by = BY4_REMOTE_ID;
		q->key_len = (uint16_t)rem_len;
		memcpy(q->key, remote_id, rem_len);
		break;
	default:
		return query_fail(q, S4_MALFORMED_QUERY, "multiple queries");
	}
	return true;
}

/* Find the first DHCPv6 option @code in @o; -1 if the area is truncated. */
static int opt6_find(const uint8_t *o, size_t len, uint16_t code,
		     const uint8_t **val, size_t *val_len)
{
	size_t i = 0;
	int found = 0;

	while (i < len) {
		size_t l;

		if (i + 4 > len)
			return -1;
		l = get16(o + i + 2);
		if (i + 4 + l > len)
			return -1;
		if (get16(o + i) == code && !found) {
			*val = o + i + 4;
			*val_len = l;
			found = 1;
		}
		i += 4 + l;
	}
	return found;
}

static bool is_zero16(const uint8_t *a)
{
	static const uint8_t zero[16];

	return !memcmp(a, zero, 16);
}

/* Parse a LEASEQUERY; the same contract as parse_query4(). */
static bool parse_query6(const uint8_t *m, size_t len, struct query *q)
{
	const uint8_t *o, *lq = NULL, *v = NULL;
	size_t olen, lq_len = 0, v_len = 0, i;
	int n;

	if (len < 4)
		return false;
	q->v6 = true;
	q->xid = (uint32_t)m[1] << 16 | (uint32_t)m[2] << 8 | m[3];
	if (m[0] != D6_LEASEQUERY)
		return query_fail(q, S6_MALFORMED_QUERY, "not a LEASEQUERY");
	o = m + 4;
	olen = len - 4;
	n = opt6_find(o, olen, O6_CLIENTID, &v, &v_len);
	if (n < 0)
		return query_fail(q, S6_MALFORMED_QUERY, "truncated option");
	if (n > 0) {
		if (v_len > sizeof(q->cid))
			return query_fail(q, S6_MALFORMED_QUERY,
					  "CLIENTID too long");
		q->cid_len = (uint16_t)v_len;
		memcpy(q->cid, v, v_len);
	}
	if (opt6_find(o, olen, O6_LQ_QUERY, &lq, &lq_len) <= 0)
		return query_fail(q, S6_MALFORMED_QUERY,
				  "DHCPV6_LEASEQUERY must supply a D6O_LQ_QUERY option");
	if (lq_len < 17)
		return query_fail(q, S6_MALFORMED_QUERY,
				  "short D6O_LQ_QUERY");
	q->by = lq[0];
	memcpy(q->link, lq + 1, 16);
	/* The query's own options, all of them checked for framing. */
	lq += 17;
	lq_len -= 17;
	if (opt6_find(lq, lq_len, 0xffff, &v, &v_len) < 0)
		return query_fail(q, S6_MALFORMED_QUERY,
				  "truncated option in D6O_LQ_QUERY");

	switch (q->by) {
	case QT_BY_ADDRESS:
		if (opt6_find(lq, lq_len, O6_IAADDR, &v, &v_len) <= 0 ||
		    v_len < 24)
			return query_fail(q, S6_MALFORMED_QUERY,
					  "missing D6O_IAADDR");
		memcpy(q->addr, v, 16);
		break;
	case QT_BY_CLIENTID:
		if (opt6_find(lq, lq_len, O6_CLIENTID, &v, &v_len) <= 0)
			return query_fail(q, S6_MALFORMED_QUERY,
					  "missing D6O_CLIENTID");
		if (!v_len || v_len > sizeof(q->key))
			return query_fail(q, S6_MALFORMED_QUERY,
					  "malformed D6O_CLIENTID");
		break;
	case QT_BY_RELAY_ID:
		if (opt6_find(lq, lq_len, O6_RELAY_ID, &v, &v_len) <= 0)
			return query_fail(q, S6_MALFORMED_QUERY,
					  "missing D6O_RELAY_ID");
		if (!v_len || v_len > sizeof(q->key))
			return query_fail(q, S6_MALFORMED_QUERY,
					  "malformed D6O_RELAY_ID");
		break;
	case QT_BY_LINK_ADDRESS:
		if (is_zero16(q->link))
			return query_fail(q, S6_MALFORMED_QUERY,
					  "undefined link address");
		break;
	case QT_BY_REMOTE_ID:
		if (opt6_find(lq, lq_len, O6_REMOTE_ID, &v, &v_len) <= 0)
			return query_fail(q, S6_MALFORMED_QUERY,
					  "missing D6O_REMOTE_ID");
		if (v_len <= 4 || v_len > sizeof(q->key))
			return query_fail(q, S6_MALFORMED_QUERY,
					  "empty D6O_REMOTE_ID");
		break;
	default:
		return query_fail(q, S6_UNKNOWN_QUERY_TYPE,
				  "unknown query-type");
	}
	if (q->by == QT_BY_CLIENTID || q->by == QT_BY_RELAY_ID ||
	    q->by == QT_BY_REMOTE_ID) {
		q->key_len = (uint16_t)v_len;
		memcpy(q->key, v, v_len);
	}
	if (q->by != QT_BY_ADDRESS && !is_zero16(q->link)) {
		q->link_filter = true;
		for (i = 0; i < n_b6; i++)
			if (b6v[i].has_link && !memcmp(b6v[i].link, q->link, 16))
				break;
		if (i == n_b6)
			return query_fail(q, S6_NOT_CONFIGURED,
					  "not a configured link");
	}
	return true;
}

static bool match4(const struct query *q, const struct b4 *b, uint32_t age)
{
	int64_t last;

	if (b->state != ST_ACTIVE || !left(b->lease, age))
		return false;
	switch (q->by) {
	case BY4_RELAY_ID:
		if (b->relid_len != q->key_len ||
		    memcmp(blob + b->relid_off, q->key, q->key_len))
			return false;
		break;
	case BY4_REMOTE_ID:
		if (b->remid_len != q->key_len ||
		    memcmp(blob + b->remid_off, q->key, q->key_len))
			return false;
		break;
	case BY4_MAC:
		if (b->htype != q->htype || b->hlen != q->hlen ||
		    memcmp(b->chaddr, q->key, q->hlen))
			return false;
		break;
	case BY4_CLIENT_ID:
		if (b->cid_len != q->key_len ||
		    memcmp(blob + b->cid_off, q->key, q->key_len))
			return false;
		break;
	default:
		return false;
	}
	/* RFC 6926 section 6.2.1.4 and Kea: 0 means "no bound". */
	last = (int64_t)t0 - b->cltt;
	if (q->has_start && q->start && last < q->start)
		return false;
	if (q->has_end && q->end && last > q->end)
		return false;
	return true;
}

static bool in_prefix(const uint8_t *addr, const struct lease6 *l)
{
	unsigned int bytes = l->plen / 8, bits = l->plen % 8;

	if (memcmp(addr, l->addr, bytes))
		return false;
	if (!bits)
		return true;
	return !((addr[bytes] ^ l->addr[bytes]) & (0xff00 >> bits));
}

static bool match6(const struct query *q, const struct b6 *b, uint32_t age)
{
	unsigned int i;

	if (b->state != ST_ACTIVE || !left(b->valid, age))
		return false;
	if (q->link_filter &&
	    (!b->has_link || memcmp(b->link, q->link, 16)))
		return false;
	switch (q->by) {
	case QT_BY_ADDRESS:
		for (i = 0; i < b->n_leases; i++) {
			const struct lease6 *l = &leases6[b->first_lease + i];

			if (l->prefix ? in_prefix(q->addr, l) :
					!memcmp(l->addr, q->addr, 16))
				return true;
		}
		return false;
	case QT_BY_CLIENTID:
		return b->duid_len == q->key_len &&
		       !memcmp(blob + b->duid_off, q->key, q->key_len);
	case QT_BY_RELAY_ID:
		return b->relid_len == q->key_len &&
		       !memcmp(blob + b->relid_off, q->key, q->key_len);
	case QT_BY_LINK_ADDRESS:
		return true;	/* the link filter did it */
	case QT_BY_REMOTE_ID:
		return b->rem_len == q->key_len &&
		       !memcmp(blob + b->rem_off, q->key, q->key_len);
	}
	return false;
}

/* The next matching binding from q->next on, or SIZE_MAX. */
static size_t find_next(const struct query *q, uint32_t age)
{
	size_t i;

	if (q->v6) {
		for (i = q->next; i < n_b6; i++)
			if (match6(q, &b6v[i], age))
				return i;
	} else {
		for (i = q->next; i < n_b4; i++)
			if (match4(q, &b4v[i], age))
				return i;
	}
	return SIZE_MAX;
}

/* ------------------------------------------------------------------ */
/* Message encoders                                                    */

struct wbuf {
	uint8_t *p;
	size_t len, cap;
};

static void wb_put(struct wbuf *w, const void *d, size_t n)
{
	/* Sizes are bounded by the bindings' limits: cannot happen. */
	if (w->len + n > w->cap)
		die("internal error: message over %zu octets", w->cap);
	memcpy(w->p + w->len, d, n);
	w->len += n;
}

static void wb_u8(struct wbuf *w, uint8_t v)
{
	wb_put(w, &v, 1);
}

static void wb_u16(struct wbuf *w, uint16_t v)
{
	uint8_t b[2];

	put16(b, v);
	wb_put(w, b, 2);
}

static void wb_u32(struct wbuf *w, uint32_t v)
{
	uint8_t b[4];

	put32(b, v);
	wb_put(w, b, 4);
}

static void opt4(struct wbuf *w, uint8_t code, const void *d, size_t n)
{
	wb_u8(w, code);
	wb_u8(w, (uint8_t)n);
	wb_put(w, d, n);
}

static void opt4_u32(struct wbuf *w, uint8_t code, uint32_t v)
{
	uint8_t b[4];

	put32(b, v);
	opt4(w, code, b, 4);
}

/* BOOTREPLY header, cookie and option 53. */
static void v4_start(struct wbuf *w, uint8_t type, uint32_t xid)
{
	static const uint8_t cookie[4] = { 99, 130, 83, 99 };
	uint8_t h[V4_HDR_LEN] = { BOOTREPLY };

	put32(h + 4, xid);
	memcpy(h + 236, cookie, 4);
	wb_put(w, h, sizeof(h));
	opt4(w, O4_MSG_TYPE, &type, 1);
}

static void build4_done(struct wbuf *w, uint32_t xid, const uint8_t *server,
			uint8_t status, const char *text)
{
	v4_start(w, D4_LEASEQUERYDONE, xid);
	if (server)
		opt4(w, O4_SERVER_ID, server, 4);
	if (status || (text && *text)) {
		uint8_t b[255];
		size_t n = text ? strlen(text) : 0;

		if (n > sizeof(b) - 1)
			n = sizeof(b) - 1;
		b[0] = status;
		memcpy(b + 1, text, n);
		opt4(w, O4_STATUS_CODE, b, n + 1);
	}
	wb_u8(w, O4_END);
}

static void build4_active(struct wbuf *w, uint32_t xid, const uint8_t *server,
			  const struct b4 *b, uint32_t age)
{
	v4_start(w, D4_LEASEACTIVE, xid);
	memcpy(w->p + 12, b->addr, 4);		/* ciaddr */
	w->p[1] = b->htype;
	w->p[2] = b->hlen;
	memcpy(w->p + 28, b->chaddr, b->hlen);
	opt4_u32(w, O4_LEASE_TIME, left(b->lease, age));
	if (server)
		opt4(w, O4_SERVER_ID, server, 4);
	if (b->cid_len)
		opt4(w, O4_CLIENT_ID, blob + b->cid_off, b->cid_len);
	opt4_u32(w, O4_CLTT, plus(b->cltt, age));
	opt4_u32(w, O4_BASE_TIME, server_now());
	if (opt.send_state) {
		uint8_t st = ST_ACTIVE;

		opt4(w, O4_DHCP_STATE, &st, 1);
	}
	if (b->rai_len)
		opt4(w, O4_RAI, blob + b->rai_off, b->rai_len);
	wb_u8(w, O4_END);
}

static void v6_start(struct wbuf *w, uint8_t type, uint32_t xid)
{
	wb_u8(w, type);
	wb_u8(w, (xid >> 16) & 0xff);
	wb_u16(w, xid & 0xffff);
}

/* Open an option whose length opt6_end() fills in. */
static size_t opt6_begin(struct wbuf *w, uint16_t code)
{
	wb_u16(w, code);
	wb_u16(w, 0);
	return w->len;
}

static void opt6_end(struct wbuf *w, size_t start)
{
	put16(w->p + start - 2, (uint16_t)(w->len - start));
}

static void opt6(struct wbuf *w, uint16_t code, const void *d, size_t n)
{
	wb_u16(w, code);
	wb_u16(w, (uint16_t)n);
	wb_put(w, d, n);
}

static void put_client_data(struct wbuf *w, const struct b6 *b, uint32_t age)
{
	size_t cd = opt6_begin(w, O6_CLIENT_DATA), pass, i;
	uint8_t t[4];

	opt6(w, O6_CLIENTID, blob + b->duid_off, b->duid_len);
	for (pass = 0; pass < 2; pass++) {	/* addresses, then prefixes */
		bool prefixes = pass;

		for (i = 0; i < b->n_leases; i++) {
			const struct lease6 *l = &leases6[b->first_lease + i];
			size_t o;

			if (l->prefix != prefixes)
				continue;
			if (!l->prefix) {
				o = opt6_begin(w, O6_IAADDR);
				wb_put(w, l->addr, 16);
				wb_u32(w, left(b->preferred, age));
				wb_u32(w, left(b->valid, age));
			} else {
				o = opt6_begin(w, O6_IAPREFIX);
				wb_u32(w, left(b->preferred, age));
				wb_u32(w, left(b->valid, age));
				wb_u8(w, l->plen);
				wb_put(w, l->addr, 16);
			}
			opt6_end(w, o);
		}
	}
	put32(t, plus(b->cltt, age));
	opt6(w, O6_CLT_TIME, t, 4);
	if (b->has_relay) {
		size_t rd = opt6_begin(w, O6_LQ_RELAY_DATA);

		wb_put(w, b->peer, 16);
		wb_u8(w, D6_RELAY_FORW);
		wb_u8(w, 0);			/* hop-count */
		wb_put(w, b->relay_link, 16);
		wb_put(w, b->peer, 16);
		if (b->ifid_len)
			opt6(w, O6_INTERFACE_ID, blob + b->ifid_off,
			     b->ifid_len);
		if (b->rem_len)
			opt6(w, O6_REMOTE_ID, blob + b->rem_off, b->rem_len);
		if (b->relid_len)
			opt6(w, O6_RELAY_ID, blob + b->relid_off,
			     b->relid_len);
		if (b->has_lladdr) {
			size_t ll = opt6_begin(w, O6_CLIENT_LINKLAYER_ADDR);

			wb_u8(w, 0);
			wb_u8(w, 1);		/* Ethernet */
			wb_put(w, b->lladdr, 6);
			opt6_end(w, ll);
		}
		opt6_end(w, rd);
	}
	opt6_end(w, cd);
}

static void build6_reply(struct wbuf *w, const struct query *q,
			 uint16_t status, const char *text,
			 const struct b6 *b, uint32_t age)
{
	size_t o;

	v6_start(w, D6_LEASEQUERY_REPLY, q->rxid);
	if (q->cid_len)
		opt6(w, O6_CLIENTID, q->cid, q->cid_len);
	opt6(w, O6_SERVERID, opt.server_duid, opt.server_duid_len);
	o = opt6_begin(w, O6_STATUS_CODE);
	wb_u16(w, status);
	wb_put(w, text, strlen(text));
	opt6_end(w, o);
	if (b)
		put_client_data(w, b, age);
}

/* ------------------------------------------------------------------ */
/* Connections                                                         */

struct listener {
	int fd;
	bool v6;
	struct sockaddr_storage sa;	/* from the command line */
	socklen_t sa_len;
	char addr[INET6_ADDRSTRLEN];	/* bound: for the ready line */
	uint16_t port;
};

struct conn {
	int fd;
	unsigned long id;
	bool v6;
	char peer[INET6_ADDRSTRLEN + 16];
	uint8_t local4[4];		/* server identifier (54) */
	int64_t last_active;
	/* Input: the 2-octet prefix, then the message. */
	uint8_t hdr[FRAME_HDR];
	uint8_t hdr_have;
	uint8_t *rx;
	size_t rx_need, rx_have, rx_cap;
	bool rx_eof;
	/* Queries being answered, served round-robin from q[rr]. */
	struct query *q;
	size_t nq, q_cap, rr;
	/* Output: framed messages not yet written. */
	uint8_t *tx;
	size_t tx_off, tx_len, tx_cap;
	unsigned long msgs;		/* whole messages queued */
	int64_t next_gen;		/* --delay-ms */
	bool stalled;			/* --giant, --stall-after */
	bool close_when_drained;	/* --truncate */
	bool reset_when_drained;	/* --reset-after */
	int64_t drain_deadline;
	bool dead;
	/* --first-message-per-read: what the cut reads threw away. */
	unsigned long cut_reads, cut_octets, cut_msgs;
	/*
	 * --max-concurrent: an answer whose last message is queued still
	 * counts until send() has taken that message; ends[] holds the
	 * tx_in mark of each such answer, oldest first.
	 */
	uint64_t tx_in, tx_out;		/* octets ever queued, ever sent */
	uint64_t *ends;
	size_t n_ends, ends_cap;
	unsigned long queued;		/* queries that will never run */
};

static struct listener listeners[MAX_LISTENERS];
static size_t n_listeners;
static struct conn **conns;
static size_t n_conns, cap_conns;
static unsigned long conn_seq;
static bool served_one;			/* --once: a connection has ended */
static volatile sig_atomic_t stop_signal;
static uint8_t msgbuf[FRAME_HDR + FRAME_MAX];

static void sock_reset(int fd)
{
	struct linger lg = { .l_onoff = 1, .l_linger = 0 };

	setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	close(fd);
}

static size_t tx_pending(const struct conn *c)
{
	return c->tx_len - c->tx_off;
}

static void tx_append(struct conn *c, const uint8_t *d, size_t n)
{
	if (c->tx_off) {
		memmove(c->tx, c->tx + c->tx_off, tx_pending(c));
		c->tx_len -= c->tx_off;
		c->tx_off = 0;
	}
	c->tx = grow(c->tx, &c->tx_cap, c->tx_len + n, 1);
	memcpy(c->tx + c->tx_len, d, n);
	c->tx_len += n;
	c->tx_in += n;
}

/* Queries of @c in progress, as --max-concurrent counts them. */
static size_t in_progress(const struct conn *c)
{
	return c->nq + c->n_ends;
}

/* @n more octets were sent: answers whose end went out are over. */
static void tx_sent(struct conn *c, size_t n)
{
	size_t i = 0;

	c->tx_out += n;
	while (i < c->n_ends && c->ends[i] <= c->tx_out)
		i++;
	if (!i)
		return;
	memmove(c->ends, c->ends + i, (c->n_ends - i) * sizeof(*c->ends));
	c->n_ends -= i;
}

/* A transaction id as the log writes it: 24 bits for v6, 32 for v4. */
static char *xidstr(bool v6, uint32_t xid, char *out, size_t len)
{
	if (v6)
		snprintf(out, len, "0x%06x", xid);
	else
		snprintf(out, len, "0x%08x", xid);
	return out;
}

static void log_query(const struct conn *c, const struct query *q)
{
	char hex[2 * 256 + 1], xid[16], a[INET6_ADDRSTRLEN], extra[96] = "";

	xidstr(q->v6, q->xid, xid, sizeof(xid));
	if (q->error) {
		logmsg("query %lu %s xid=%s error status=%u \"%s\"", c->id,
		       q->v6 ? "v6" : "v4", xid, q->status, q->status_text);
		return;
	}
	if (!q->v6) {
		size_t n = 0;

		if (q->by == BY4_MAC)
			n += (size_t)snprintf(extra + n, sizeof(extra) - n,
					      " htype=%u", q->htype);
		if (q->has_start)
			n += (size_t)snprintf(extra + n, sizeof(extra) - n,
					      " start=%u", q->start);
		if (q->has_end)
			snprintf(extra + n, sizeof(extra) - n, " end=%u",
				 q->end);
		logmsg("query %lu v4 xid=%s by=%s id=%s%s", c->id, xid,
		       by4_names[q->by], hexstr(q->key, q->key_len, hex),
		       extra);
		return;
	}
	if (q->link_filter)
		snprintf(extra, sizeof(extra), " link=%s",
			 inet_ntop(AF_INET6, q->link, a, sizeof(a)));
	switch (q->by) {
	case QT_BY_ADDRESS:
		logmsg("query %lu v6 xid=%s by=address addr=%s", c->id, xid,
		       inet_ntop(AF_INET6, q->addr, a, sizeof(a)));
		break;
	case QT_BY_LINK_ADDRESS:
		logmsg("query %lu v6 xid=%s by=link-address%s", c->id, xid,
		       extra);
		break;
	case QT_BY_REMOTE_ID:
		logmsg("query %lu v6 xid=%s by=remote-id enterprise=%u id=%s%s",
		       c->id, xid, get32(q->key),
		       hexstr(q->key + 4, q->key_len - 4u, hex), extra);
		break;
	default:
		logmsg("query %lu v6 xid=%s by=%s id=%s%s", c->id, xid,
		       by6_names[q->by], hexstr(q->key, q->key_len, hex),
		       extra);
		break;
	}
}

static void log_end(const struct conn *c, const struct query *q,
		    const char *what)
{
	char xid[16];

	xidstr(q->v6, q->xid, xid, sizeof(xid));
	if (q->error)
		logmsg("sent %lu xid=%s bindings=%lu %s status=%u", c->id, xid,
		       q->sent, what, q->status);
	else
		logmsg("sent %lu xid=%s bindings=%lu %s", c->id, xid, q->sent,
		       what);
}

/* An xid no query of @c is using, for --done-unknown-xid. */
static uint32_t unknown_xid(const struct conn *c, const struct query *q)
{
	uint32_t mask = q->v6 ? 0xffffff : 0xffffffff;
	uint32_t x = (q->xid ^ 0x5a5a5a) & mask;
	size_t i;

again:
	for (i = 0; i < c->nq; i++) {
		if (c->q[i].xid == x || c->q[i].rxid == x) {
			x = (x + 0x10001) & mask;
			goto again;
		}
	}
	return x;
}

/* What next_message() built. */
enum { NM_MORE, NM_LAST_DONE, NM_LAST_REPLY };

/*
 * Build the next message of @q's answer into @w and advance @q.  Returns
 * NM_MORE, or how the answer ends: a DONE, or (v6) a REPLY alone.
 */
static int next_message(struct conn *c, struct query *q, struct wbuf *w)
{
	uint32_t age = aged();
	const uint8_t *server = !q->v6 && !q->msgs ? c->local4 : NULL;
	size_t i;

	if (q->phase == PH_PREAMBLE) {
		uint32_t x = unknown_xid(c, q);
		char xid[16];

		if (q->v6)
			v6_start(w, D6_LEASEQUERY_DONE, x);
		else
			build4_done(w, x, NULL, 0, NULL);
		xidstr(q->v6, x, xid, sizeof(xid));
		logmsg("hostile %lu unknown-xid done xid=%s", c->id, xid);
		q->phase = PH_FIRST;
		return NM_MORE;
	}
	q->msgs++;
	if (q->error) {
		if (q->v6)
			build6_reply(w, q, q->status, q->status_text, NULL, 0);
		else
			build4_done(w, q->rxid, server, (uint8_t)q->status,
				    q->status_text);
		return q->v6 ? NM_LAST_REPLY : NM_LAST_DONE;
	}
	i = find_next(q, age);
	if (i == SIZE_MAX && opt.forever && q->sent) {
		q->next = 0;
		i = find_next(q, age);
	}
	if (q->phase == PH_FIRST && q->v6) {
		q->phase = PH_MORE;
		if (i == SIZE_MAX) {
			build6_reply(w, q, S6_SUCCESS, "no active leases",
				     NULL, 0);
			return NM_LAST_REPLY;
		}
		build6_reply(w, q, S6_SUCCESS, "active lease(s) found",
			     &b6v[i], age);
	} else if (i == SIZE_MAX) {
		if (q->v6)
			v6_start(w, D6_LEASEQUERY_DONE, q->rxid);
		else
			build4_done(w, q->rxid, server, 0, NULL);
		return NM_LAST_DONE;
	} else if (q->v6) {
		v6_start(w, D6_LEASEQUERY_DATA, q->rxid);
		if (!opt.no_client_data)
			put_client_data(w, &b6v[i], age);
	} else {
		build4_active(w, q->rxid, server, &b4v[i], age);
	}
	q->phase = PH_MORE;
	q->next = i + 1;
	q->sent++;
	return NM_MORE;
}

static void drop_query(struct conn *c, size_t i)
{
	memmove(&c->q[i], &c->q[i + 1], (c->nq - i - 1) * sizeof(*c->q));
	c->nq--;
}

static bool can_generate(const struct conn *c)
{
	return c->nq && !c->stalled && !c->close_when_drained &&
	       !c->reset_when_drained && !c->dead;
}

/* Queue messages, one per query in turn, while little is waiting. */
static void conn_fill(struct conn *c, int64_t now)
{
	while (can_generate(c) && tx_pending(c) < TX_LOW) {
		struct wbuf w = { msgbuf + FRAME_HDR, 0, FRAME_MAX };
		struct query *q;
		int kind;

		if (opt.delay_ms && now < c->next_gen)
			return;
		if (c->rr >= c->nq)
			c->rr = 0;
		q = &c->q[c->rr];
		if (opt.giant) {
			struct query copy = *q;
			uint8_t g[FRAME_HDR + 14] = { 0xff, 0xff };

			/*
			 * The prefix promises 65535 octets; the first 14 of
			 * the answer follow, and nothing more.
			 */
			copy.phase = copy.phase == PH_PREAMBLE ? PH_FIRST :
								 copy.phase;
			next_message(c, &copy, &w);
			memcpy(g + FRAME_HDR, w.p, w.len < 14 ? w.len : 14);
			tx_append(c, g, sizeof(g));
			c->stalled = true;
			logmsg("hostile %lu giant prefix=65535 octets=14",
			       c->id);
			return;
		}
		if (opt.stall_after >= 0 &&
		    c->msgs >= (unsigned long)opt.stall_after) {
			c->stalled = true;
			logmsg("hostile %lu stall after %lu messages", c->id,
			       c->msgs);
			return;
		}
		if (opt.reset_after >= 0 &&
		    c->msgs >= (unsigned long)opt.reset_after) {
			c->reset_when_drained = true;
			c->drain_deadline = now + DRAIN_MS;
			logmsg("hostile %lu reset after %lu messages", c->id,
			       c->msgs);
			return;
		}
		kind = next_message(c, q, &w);
		put16(msgbuf, (uint16_t)w.len);
		if (opt.truncate >= 0 &&
		    c->msgs >= (unsigned long)opt.truncate) {
			size_t half = (FRAME_HDR + w.len) / 2;

			tx_append(c, msgbuf, half);
			c->close_when_drained = true;
			logmsg("hostile %lu truncate after %lu messages: %zu of %zu octets",
			       c->id, c->msgs, half, FRAME_HDR + w.len);
			return;
		}
		tx_append(c, msgbuf, FRAME_HDR + w.len);
		c->msgs++;
		if (kind != NM_MORE) {
			log_end(c, q, kind == NM_LAST_REPLY ? "reply" : "done");
			if (opt.max_concurrent) {
				c->ends = grow(c->ends, &c->ends_cap,
					       c->n_ends + 1, sizeof(*c->ends));
				c->ends[c->n_ends++] = c->tx_in;
			}
			drop_query(c, c->rr);
		} else {
			c->rr++;
		}
		if (opt.delay_ms) {
			c->next_gen = now + (int64_t)opt.delay_ms;
			return;
		}
	}
}

static void conn_close(struct conn *c, const char *how, bool rst)
{
	size_t i;

	if (c->dead)
		return;
	for (i = 0; i < c->nq; i++) {
		char xid[16];

		xidstr(c->q[i].v6, c->q[i].xid, xid, sizeof(xid));
		logmsg("unfinished %lu xid=%s bindings=%lu", c->id, xid,
		       c->q[i].sent);
	}
	if (opt.first_message_per_read)
		logmsg("dropped %lu reads=%lu octets=%lu messages=%lu", c->id,
		       c->cut_reads, c->cut_octets, c->cut_msgs);
	if (opt.max_concurrent)
		logmsg("queued %lu queries=%lu", c->id, c->queued);
	if (rst) {
		sock_reset(c->fd);
	} else {
		uint8_t sink[4096];

		/* Unread input would turn close() into a reset. */
		while (recv(c->fd, sink, sizeof(sink), MSG_DONTWAIT) > 0)
			;
		shutdown(c->fd, SHUT_WR);
		close(c->fd);
	}
	logmsg("conn %lu %s", c->id, how);
	c->dead = true;
	served_one = true;
}

static void conn_query(struct conn *c, const uint8_t *m, size_t len)
{
	struct query *q;
	bool ok;

	c->q = grow(c->q, &c->q_cap, c->nq + 1, sizeof(*c->q));
	q = &c->q[c->nq];
	memset(q, 0, sizeof(*q));
	ok = c->v6 ? parse_query6(m, len, q) : parse_query4(m, len, q);
	if (!ok) {
		logmsg("query %lu %s unparsable len=%zu", c->id,
		       c->v6 ? "v6" : "v4", len);
		return;
	}
	log_query(c, q);
	if (opt.status >= 0 && !q->error) {
		q->error = true;
		q->status = (uint16_t)opt.status;
		snprintf(q->status_text, sizeof(q->status_text),
			 "status forced by --status");
	}
	q->rxid = q->xid;
	if (opt.wrong_xid) {
		q->rxid = (q->xid + 1) & (q->v6 ? 0xffffffu : 0xffffffffu);
		logmsg("hostile %lu wrong-xid %s", c->id,
		       q->v6 ? "+1 (24 bits)" : "+1");
	}
	q->phase = opt.done_unknown_xid ? PH_PREAMBLE : PH_FIRST;
	if (c->stalled) {
		logmsg("hostile %lu ignored query (stalled)", c->id);
		return;
	}
	/*
	 * Kea #4549: the query waits for a free slot, but nothing ever
	 * looks at the waiting ones again, so it is simply never answered.
	 * One that arrives once a slot is free runs.
	 */
	if (opt.max_concurrent && in_progress(c) >= opt.max_concurrent) {
		char xid[16];

		c->queued++;
		logmsg("hostile %lu queued xid=%s in-progress=%zu max-concurrent=%lu",
		       c->id, xidstr(q->v6, q->xid, xid, sizeof(xid)),
		       in_progress(c), opt.max_concurrent);
		return;
	}
	c->nq++;
}

/*
 * Kea #4660: after the first whole query of a read, the rest of that read
 * is lost.  Count the whole frames in it for the log; a partial one at the
 * end is in the octets only.
 */
static void cut_read(struct conn *c, const uint8_t *d, size_t n)
{
	unsigned long msgs = 0;
	size_t off = 0;

	while (n - off >= FRAME_HDR) {
		size_t len = get16(d + off);

		if (!len || n - off - FRAME_HDR < len)
			break;
		off += FRAME_HDR + len;
		msgs++;
	}
	c->cut_reads++;
	c->cut_octets += n;
	c->cut_msgs += msgs;
	logmsg("hostile %lu first-message-per-read dropped octets=%zu messages=%lu",
	       c->id, n, msgs);
}

/* Feed the octets of one read through the framer. */
static void conn_input(struct conn *c, const uint8_t *d, size_t n)
{
	while (n && !c->dead) {
		size_t take;

		if (c->hdr_have < FRAME_HDR) {
			c->hdr[c->hdr_have++] = *d++;
			n--;
			if (c->hdr_have < FRAME_HDR)
				continue;
			c->rx_need = get16(c->hdr);
			c->rx_have = 0;
			if (!c->rx_need) {
				logmsg("error %lu zero-length frame", c->id);
				conn_close(c, "reset", true);
				return;
			}
			c->rx = grow(c->rx, &c->rx_cap, c->rx_need, 1);
			continue;
		}
		take = c->rx_need - c->rx_have;
		if (take > n)
			take = n;
		memcpy(c->rx + c->rx_have, d, take);
		c->rx_have += take;
		d += take;
		n -= take;
		if (c->rx_have == c->rx_need) {
			c->hdr_have = 0;
			conn_query(c, c->rx, c->rx_need);
			if (opt.first_message_per_read && n) {
				cut_read(c, d, n);
				return;
			}
		}
	}
}

static void conn_read(struct conn *c, int64_t now)
{
	uint8_t buf[16384];
	int rounds;

	for (rounds = 0; rounds < 8 && !c->dead && !c->rx_eof; rounds++) {
		ssize_t n = recv(c->fd, buf, sizeof(buf), MSG_DONTWAIT);

		if (n > 0) {
			c->last_active = now;
			conn_input(c, buf, (size_t)n);
			continue;
		}
		if (n == 0) {
			if (c->hdr_have)
				logmsg("error %lu end of stream inside a frame",
				       c->id);
			c->rx_eof = true;
			return;
		}
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN && errno != EWOULDBLOCK)
			conn_close(c, "reset", false);
		return;
	}
}

static int outq(int fd)
{
	int n = 0;

	if (ioctl(fd, SIOCOUTQ, &n) < 0)
		return 0;
	return n;
}

/* Generate, write, and act on what is due; the heart of a connection. */
static void conn_service(struct conn *c, int64_t now)
{
	int rounds;

	for (rounds = 0; rounds < 64 && !c->dead; rounds++) {
		ssize_t n;

		conn_fill(c, now);
		if (!tx_pending(c))
			break;
		n = send(c->fd, c->tx + c->tx_off, tx_pending(c),
			 MSG_DONTWAIT | MSG_NOSIGNAL);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				break;
			/* The peer is gone: after its FIN that is a close. */
			conn_close(c, c->rx_eof ? "closed" : "reset", false);
			return;
		}
		c->tx_off += (size_t)n;
		tx_sent(c, (size_t)n);
		c->last_active = now;
	}
	if (c->dead)
		return;
	if (!tx_pending(c)) {
		if (c->reset_when_drained) {
			/* Let the peer have every octet before the RST. */
			if (outq(c->fd) > 0 && now < c->drain_deadline)
				return;
			conn_close(c, "reset", true);
			return;
		}
		if (c->close_when_drained) {
			conn_close(c, "closed", false);
			return;
		}
		if (c->rx_eof && (!c->nq || c->stalled)) {
			conn_close(c, "closed", false);
			return;
		}
	}
	if (opt.idle_timeout &&
	    now - c->last_active >= (int64_t)opt.idle_timeout * 1000)
		conn_close(c, "timeout", false);
}

static void format_peer(const struct sockaddr_storage *ss, char *out,
			size_t len)
{
	char a[INET6_ADDRSTRLEN] = "?";

	if (ss->ss_family == AF_INET) {
		const struct sockaddr_in *s = (const struct sockaddr_in *)ss;

		inet_ntop(AF_INET, &s->sin_addr, a, sizeof(a));
		snprintf(out, len, "%s:%u", a, ntohs(s->sin_port));
	} else {
		const struct sockaddr_in6 *s = (const struct sockaddr_in6 *)ss;

		inet_ntop(AF_INET6, &s->sin6_addr, a, sizeof(a));
		snprintf(out, len, "[%s]:%u", a, ntohs(s->sin6_port));
	}
}

static void accept_all(struct listener *l, int64_t now)
{
	for (;;) {
		struct sockaddr_storage ss;
		socklen_t sl = sizeof(ss);
		char peer[INET6_ADDRSTRLEN + 16];
		struct conn *c;
		int one = 1, fd;

		fd = accept4(l->fd, (struct sockaddr *)&ss, &sl,
			     SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			if (errno != EAGAIN && errno != EWOULDBLOCK)
				logmsg("accept: %s", strerror(errno));
			return;
		}
		format_peer(&ss, peer, sizeof(peer));
		logmsg("conn %lu open %s", ++conn_seq, peer);
		if (opt.refuse) {
			sock_reset(fd);
			logmsg("conn %lu reset", conn_seq);
			served_one = true;
			continue;
		}
		if (n_conns >= opt.max_conns) {
			sock_reset(fd);
			logmsg("hostile %lu over max-conns %lu", conn_seq,
			       opt.max_conns);
			logmsg("conn %lu reset", conn_seq);
			continue;
		}
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
		c = calloc(1, sizeof(*c));
		if (!c)
			die("out of memory");
		c->fd = fd;
		c->id = conn_seq;
		c->v6 = l->v6;
		c->last_active = now;
		memcpy(c->peer, peer, sizeof(peer));
		if (!l->v6) {
			struct sockaddr_in local;
			socklen_t ll = sizeof(local);

			if (!getsockname(fd, (struct sockaddr *)&local, &ll))
				memcpy(c->local4, &local.sin_addr, 4);
		}
		conns = grow(conns, &cap_conns, n_conns + 1, sizeof(*conns));
		conns[n_conns++] = c;
	}
}

static void conn_free(struct conn *c)
{
	free(c->rx);
	free(c->tx);
	free(c->q);
	free(c->ends);
	free(c);
}

/* ------------------------------------------------------------------ */
/* Set-up                                                              */

static __noreturn __printf(1, 2) void bad_usage(const char *fmt, ...);

/*
 * "-4 ADDR[:PORT]" or "-6 [ADDR]:PORT" / "-6 ADDR" into a listener's
 * address; a bad one is a usage error.  Bound later by bind_listener().
 */
static void parse_listener(bool v6, const char *arg)
{
	char host[256], port[16];
	const char *h = arg, *colon, *end;
	struct addrinfo hints = { 0 }, *ai;
	struct listener *l;
	unsigned long pnum;
	size_t n;
	int err;

	if (n_listeners == MAX_LISTENERS)
		bad_usage("more than %d listeners", MAX_LISTENERS);
	snprintf(port, sizeof(port), "%s", v6 ? "547" : "67");
	if (v6 && arg[0] == '[') {
		end = strchr(arg, ']');
		if (!end || (end[1] && (end[1] != ':' || !end[2])))
			bad_usage("-6 %s: [ADDR]:PORT expected", arg);
		h = arg + 1;
		n = (size_t)(end - h);
		if (end[1])
			snprintf(port, sizeof(port), "%s", end + 2);
	} else if (!v6 && strchr(arg, ':')) {
		colon = strchr(arg, ':');
		n = (size_t)(colon - arg);
		snprintf(port, sizeof(port), "%s", colon + 1);
	} else {
		n = strlen(arg);
	}
	if (!n || n >= sizeof(host))
		bad_usage("-%c %s: missing or overlong address", v6 ? '6' : '4',
			  arg);
	memcpy(host, h, n);
	host[n] = '\0';
	if (!parse_ulong(port, 65535, &pnum))
		bad_usage("-%c %s: port '%s' is not 0 to 65535", v6 ? '6' : '4',
			  host, port);

	hints.ai_family = v6 ? AF_INET6 : AF_INET;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE;
	err = getaddrinfo(host, port, &hints, &ai);
	if (err)
		bad_usage("-%c %s: %s", v6 ? '6' : '4', host,
			  gai_strerror(err));
	l = &listeners[n_listeners++];
	l->v6 = v6;
	l->fd = -1;
	memcpy(&l->sa, ai->ai_addr, ai->ai_addrlen);
	l->sa_len = ai->ai_addrlen;
	freeaddrinfo(ai);
}

static void bind_listener(struct listener *l)
{
	union {
		struct sockaddr_storage ss;
		struct sockaddr_in in;
		struct sockaddr_in6 in6;
	} sa;
	socklen_t sl = sizeof(sa);
	int one = 1;

	l->fd = socket(l->v6 ? AF_INET6 : AF_INET,
		       SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (l->fd < 0)
		die("socket: %s", strerror(errno));
	setsockopt(l->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	/* A v6 listener on :: must not take the v4 port as well. */
	if (l->v6)
		setsockopt(l->fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
	if (bind(l->fd, (struct sockaddr *)&l->sa, l->sa_len) < 0 ||
	    listen(l->fd, 128) < 0 ||
	    getsockname(l->fd, (struct sockaddr *)&sa, &sl) < 0) {
		char peer[INET6_ADDRSTRLEN + 16];

		format_peer(&l->sa, peer, sizeof(peer));
		die("listen on %s: %s", peer, strerror(errno));
	}
	if (l->v6) {
		inet_ntop(AF_INET6, &sa.in6.sin6_addr, l->addr,
			  sizeof(l->addr));
		l->port = ntohs(sa.in6.sin6_port);
	} else {
		inet_ntop(AF_INET, &sa.in.sin_addr, l->addr, sizeof(l->addr));
		l->port = ntohs(sa.in.sin_port);
	}
}

static void write_file(const char *path, const char *text, bool atomic)
{
	char tmp[PATH_MAX];
	const char *dst = path;
	FILE *f;

	if (atomic) {
		if (snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path,
			     (long)getpid()) >= (int)sizeof(tmp))
			die("%s: path too long", path);
		dst = tmp;
	}
	f = fopen(dst, "w");
	if (!f)
		die("%s: %s", dst, strerror(errno));
	fputs(text, f);
	if (fclose(f))
		die("%s: %s", dst, strerror(errno));
	if (atomic && rename(tmp, path) < 0)
		die("rename %s: %s", path, strerror(errno));
}

static void on_signal(int sig)
{
	stop_signal = sig;
}

static const char usage_text[] =
	"usage: blq_responder -f BINDINGS [-4 ADDR[:PORT]]... [-6 [ADDR]:PORT]...\n"
	"                     [OPTION]...\n"
	"\n"
	"Bulk Leasequery responder for tests: DHCPv4 (RFC 6926) and DHCPv6\n"
	"(RFC 5460) on TCP, answered from BINDINGS like Kea 3.0 does.\n"
	"\n"
	"  -f, --bindings FILE   the bindings (format: see the source's header)\n"
	"  -4 ADDR[:PORT]        DHCPv4 listener (default port 67)\n"
	"  -6 [ADDR]:PORT|ADDR   DHCPv6 listener (default port 547); port 0: any\n"
	"  --base-time T         fix the server's clock at T (epoch seconds)\n"
	"  --send-state          add dhcp-state (156) to DHCPLEASEACTIVE\n"
	"  --server-duid HEX     DHCPv6 server DUID\n"
	"  --idle-timeout S      close idle connections after S s (300; 0: never)\n"
	"  --max-conns N         connections at once (10); more are reset\n"
	"  --pidfile FILE        write the pid once bound\n"
	"  --ready-file FILE     write the ready lines once bound (atomically)\n"
	"  --log FILE            append the log to FILE instead of stdout\n"
	"  --once                exit after the first connection is closed\n"
	"hostile:\n"
	"  --forever             never DONE: send the matches again and again\n"
	"  --giant               a 65535 length prefix, 14 octets, then stall\n"
	"  --truncate N          N messages, half a frame, close\n"
	"  --wrong-xid           answer with xid + 1\n"
	"  --done-unknown-xid    a DONE for an unknown xid before each answer\n"
	"  --reset-after N       N messages, then RST\n"
	"  --stall-after N       N messages, then silence (input still read)\n"
	"  --no-client-data      v6: LEASEQUERY-DATA without CLIENT_DATA\n"
	"  --status CODE         answer every query with status CODE, no bindings\n"
	"  --refuse              reset every connection at once\n"
	"  --delay-ms MS         MS between two messages\n"
	"  --accept-delay-ms MS  accept nothing for MS after start\n"
	"Kea 3.0.x bugs:\n"
	"  --first-message-per-read  answer only the first query of each read;\n"
	"                        the rest of that read is dropped (Kea #4660)\n"
	"  --max-concurrent N    N queries in progress per connection at most;\n"
	"                        later ones are queued, never run (Kea #4549)\n"
	"  --kea30               behave like Kea 3.0.x: --first-message-per-read\n"
	"                        --max-concurrent 4\n"
	"  -h, --help            this text\n";

static void usage(FILE *f)
{
	fputs(usage_text, f);
}

static __noreturn __printf(1, 2) void bad_usage(const char *fmt, ...)
{
	va_list ap;

	fputs("blq_responder: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\nTry 'blq_responder --help'.\n", stderr);
	exit(2);
}

static unsigned long num_arg(const char *name, const char *v,
			     unsigned long max)
{
	unsigned long l;

	if (!parse_ulong(v, max, &l))
		bad_usage("%s: a number from 0 to %lu expected, not '%s'",
			  name, max, v);
	return l;
}

enum {
	OPT_BASE_TIME = 256, OPT_SEND_STATE, OPT_SERVER_DUID,
	OPT_IDLE_TIMEOUT, OPT_MAX_CONNS, OPT_PIDFILE, OPT_READY_FILE,
	OPT_LOG, OPT_ONCE, OPT_FOREVER, OPT_GIANT, OPT_TRUNCATE,
	OPT_WRONG_XID, OPT_DONE_UNKNOWN_XID, OPT_RESET_AFTER,
	OPT_STALL_AFTER, OPT_NO_CLIENT_DATA, OPT_STATUS, OPT_REFUSE,
	OPT_DELAY_MS, OPT_ACCEPT_DELAY_MS, OPT_FIRST_MESSAGE_PER_READ,
	OPT_MAX_CONCURRENT, OPT_KEA30,
};

static const struct option long_opts[] = {
	{ "bindings", required_argument, NULL, 'f' },
	{ "base-time", required_argument, NULL, OPT_BASE_TIME },
	{ "send-state", no_argument, NULL, OPT_SEND_STATE },
	{ "server-duid", required_argument, NULL, OPT_SERVER_DUID },
	{ "idle-timeout", required_argument, NULL, OPT_IDLE_TIMEOUT },
	{ "max-conns", required_argument, NULL, OPT_MAX_CONNS },
	{ "pidfile", required_argument, NULL, OPT_PIDFILE },
	{ "ready-file", required_argument, NULL, OPT_READY_FILE },
	{ "log", required_argument, NULL, OPT_LOG },
	{ "once", no_argument, NULL, OPT_ONCE },
	{ "forever", no_argument, NULL, OPT_FOREVER },
	{ "giant", no_argument, NULL, OPT_GIANT },
	{ "truncate", required_argument, NULL, OPT_TRUNCATE },
	{ "wrong-xid", no_argument, NULL, OPT_WRONG_XID },
	{ "done-unknown-xid", no_argument, NULL, OPT_DONE_UNKNOWN_XID },
	{ "reset-after", required_argument, NULL, OPT_RESET_AFTER },
	{ "stall-after", required_argument, NULL, OPT_STALL_AFTER },
	{ "no-client-data", no_argument, NULL, OPT_NO_CLIENT_DATA },
	{ "status", required_argument, NULL, OPT_STATUS },
	{ "refuse", no_argument, NULL, OPT_REFUSE },
	{ "delay-ms", required_argument, NULL, OPT_DELAY_MS },
	{ "accept-delay-ms", required_argument, NULL, OPT_ACCEPT_DELAY_MS },
	{ "first-message-per-read", no_argument, NULL,
	  OPT_FIRST_MESSAGE_PER_READ },
	{ "max-concurrent", required_argument, NULL, OPT_MAX_CONCURRENT },
	{ "kea30", no_argument, NULL, OPT_KEA30 },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static void parse_args(int argc, char **argv)
{
	bool any4 = false;
	int c, h;

	while ((c = getopt_long(argc, argv, "f:4:6:h", long_opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			opt.bindings = optarg;
			break;
		case '4':
		case '6':
			parse_listener(c == '6', optarg);
			any4 |= c == '4';
			break;
		case OPT_BASE_TIME:
			opt.base_time = (uint32_t)num_arg("--base-time", optarg,
							  UINT32_MAX);
			opt.base_time_set = true;
			break;
		case OPT_SEND_STATE:
			opt.send_state = true;
			break;
		case OPT_SERVER_DUID:
			h = parse_hex(optarg, opt.server_duid,
				      sizeof(opt.server_duid));
			if (h < 1)
				bad_usage("--server-duid: 1 to 130 hex octets");
			opt.server_duid_len = (size_t)h;
			break;
		case OPT_IDLE_TIMEOUT:
			opt.idle_timeout = num_arg("--idle-timeout", optarg,
						   86400 * 365);
			break;
		case OPT_MAX_CONNS:
			opt.max_conns = num_arg("--max-conns", optarg, 100000);
			break;
		case OPT_PIDFILE:
			opt.pidfile = optarg;
			break;
		case OPT_READY_FILE:
			opt.ready_file = optarg;
			break;
		case OPT_LOG:
			opt.log_file = optarg;
			break;
		case OPT_ONCE:
			opt.once = true;
			break;
		case OPT_FOREVER:
			opt.forever = true;
			break;
		case OPT_GIANT:
			opt.giant = true;
			break;
		case OPT_TRUNCATE:
			opt.truncate = (long)num_arg("--truncate", optarg,
						     LONG_MAX);
			break;
		case OPT_WRONG_XID:
			opt.wrong_xid = true;
			break;
		case OPT_DONE_UNKNOWN_XID:
			opt.done_unknown_xid = true;
			break;
		case OPT_RESET_AFTER:
			opt.reset_after = (long)num_arg("--reset-after", optarg,
							LONG_MAX);
			break;
		case OPT_STALL_AFTER:
			opt.stall_after = (long)num_arg("--stall-after", optarg,
							LONG_MAX);
			break;
		case OPT_NO_CLIENT_DATA:
			opt.no_client_data = true;
			break;
		case OPT_STATUS:
			opt.status = (long)num_arg("--status", optarg, 65535);
			break;
		case OPT_REFUSE:
			opt.refuse = true;
			break;
		case OPT_DELAY_MS:
			opt.delay_ms = num_arg("--delay-ms", optarg, 3600000);
			break;
		case OPT_ACCEPT_DELAY_MS:
			opt.accept_delay_ms = num_arg("--accept-delay-ms",
						      optarg, 3600000);
			break;
		case OPT_FIRST_MESSAGE_PER_READ:
			opt.first_message_per_read = true;
			break;
		case OPT_MAX_CONCURRENT:
			opt.max_concurrent = num_arg("--max-concurrent", optarg,
						     100000);
			/* 0: "no limit" to some readers, "none" to others. */
			if (!opt.max_concurrent)
				bad_usage("--max-concurrent: 1 or more");
			break;
		case OPT_KEA30:
			/* Kea's default max-concurrent-queries is 4. */
			opt.first_message_per_read = true;
			opt.max_concurrent = 4;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			bad_usage("bad option");
		}
	}
	if (optind < argc)
		bad_usage("unexpected argument '%s'", argv[optind]);
	if (!opt.bindings)
		bad_usage("-f BINDINGS is required");
	if (!n_listeners)
		bad_usage("at least one -4 or -6 listener is required");
	if (opt.status > 255 && any4)
		bad_usage("--status %ld: a DHCPv4 status code is 0 to 255",
			  opt.status);
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_signal };
	struct pollfd *pfd = NULL;
	size_t pfd_cap = 0, i, j;
	sigset_t block, orig;
	char ready[MAX_LISTENERS * 80] = "", pid[32];
	size_t rlen = 0;
	int64_t start, accept_at;
	struct timespec ts0, ts1;

	logf_ = stdout;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts0);
	parse_args(argc, argv);
	if (opt.log_file) {
		logf_ = fopen(opt.log_file, "a");
		if (!logf_)
			die("%s: %s", opt.log_file, strerror(errno));
	}
	t0 = server_now();
	load_bindings(opt.bindings);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts1);
	logmsg("loaded v4=%zu v6=%zu cpu_us=%ld", n_b4, n_b6,
	       (long)((ts1.tv_sec - ts0.tv_sec) * 1000000 +
		      (ts1.tv_nsec - ts0.tv_nsec) / 1000));

	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigprocmask(SIG_BLOCK, &block, &orig);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	/* Bound only now, so that a bad file never holds a port. */
	if (opt.ready_file && unlink(opt.ready_file) < 0 && errno != ENOENT)
		die("%s: %s", opt.ready_file, strerror(errno));
	for (i = 0; i < n_listeners; i++)
		bind_listener(&listeners[i]);
	for (i = 0; i < n_listeners; i++)
		rlen += (size_t)snprintf(ready + rlen, sizeof(ready) - rlen,
					 "ready %s %s %u\n",
					 listeners[i].v6 ? "v6" : "v4",
					 listeners[i].addr, listeners[i].port);
	fputs(ready, stdout);
	fflush(stdout);
	if (opt.pidfile) {
		snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
		write_file(opt.pidfile, pid, false);
	}
	if (opt.ready_file)
		write_file(opt.ready_file, ready, true);

	start = now_ms();
	accept_at = start + (int64_t)opt.accept_delay_ms;
	while (!stop_signal && !(opt.once && served_one)) {
		int64_t now = now_ms(), wake = -1;
		bool listening = now >= accept_at;
		struct timespec tmo, *tp = NULL;
		size_t nl = listening ? n_listeners : 0, polled = n_conns;
		int r;

		pfd = grow(pfd, &pfd_cap, nl + n_conns, sizeof(*pfd));
		for (i = 0; i < nl; i++)
			pfd[i] = (struct pollfd){ listeners[i].fd, POLLIN, 0 };
		if (!listening)
			wake = accept_at;
		for (j = 0; j < n_conns; j++) {
			struct conn *c = conns[j];
			short ev = 0;

			if (!c->rx_eof && (c->nq < MAX_QUERIES || c->stalled))
				ev |= POLLIN;
			if (tx_pending(c) ||
			    (can_generate(c) &&
			     (!opt.delay_ms || now >= c->next_gen)))
				ev |= POLLOUT;
			if (can_generate(c) && opt.delay_ms &&
			    now < c->next_gen &&
			    (wake < 0 || c->next_gen < wake))
				wake = c->next_gen;
			if (c->reset_when_drained && !tx_pending(c)) {
				int64_t t = now + 2;	/* poll SIOCOUTQ */

				if (wake < 0 || t < wake)
					wake = t;
			}
			if (opt.idle_timeout) {
				int64_t t = c->last_active +
					    (int64_t)opt.idle_timeout * 1000;

				if (wake < 0 || t < wake)
					wake = t;
			}
			pfd[nl + j] = (struct pollfd){ c->fd, ev, 0 };
		}
		if (wake >= 0) {
			int64_t d = wake > now ? wake - now : 0;

			tmo.tv_sec = d / 1000;
			tmo.tv_nsec = (d % 1000) * 1000000;
			tp = &tmo;
		}
		r = ppoll(pfd, nl + n_conns, tp, &orig);
		if (r < 0 && errno != EINTR)
			die("poll: %s", strerror(errno));
		if (stop_signal)
			break;
		now = now_ms();
		for (i = 0; r > 0 && i < nl; i++)
			if (pfd[i].revents & POLLIN)
				accept_all(&listeners[i], now);
		/* Those accepted just now (after conns[polled]) wait. */
		for (j = 0; r > 0 && j < polled; j++) {
			struct conn *c = conns[j];
			short rev = pfd[nl + j].revents;

			if (rev & (POLLIN | POLLHUP | POLLERR))
				conn_read(c, now);
			/* Both directions are gone: nothing can be sent. */
			if (rev & POLLERR)
				conn_close(c, "reset", false);
			else if (rev & POLLHUP)
				conn_close(c, c->rx_eof ? "closed" : "reset",
					   false);
		}
		for (j = 0; j < n_conns; j++)
			conn_service(conns[j], now);
		for (i = j = 0; j < n_conns; j++) {
			if (conns[j]->dead)
				conn_free(conns[j]);
			else
				conns[i++] = conns[j];
		}
		n_conns = i;
	}

	for (j = 0; j < n_conns; j++) {
		conn_close(conns[j], "closed", false);
		conn_free(conns[j]);
	}
	for (i = 0; i < n_listeners; i++)
		close(listeners[i].fd);
	if (stop_signal)
		logmsg("exit on signal %d", (int)stop_signal);
	if (opt.pidfile)
		unlink(opt.pidfile);
	free(pfd);
	return 0;
}
