/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Bulk Leasequery requestor: asks a set of DHCP servers for their bindings
 * over TCP (RFC 6926 for DHCPv4, RFC 5460 for DHCPv6) and hands every
 * binding to a callback as it is decoded.
 *
 * Model
 * -----
 *
 *   client ─┬─ server A (v4, 192.0.2.1:67) ─┬─ query 1 (by relay-id)
 *           │                               └─ query 2 (by remote-id)
 *           └─ server B (v6, [2001:db8::1]:547) ── query 3 (by relay-id)
 *
 * Layers, each calling only the one below and reporting up through one
 * callback: framer (blq_frame.h) -> connection (blq_conn.h: one TCP peer,
 * its timers) -> client (here: servers, queries, retries) -> the user
 * (on_binding / on_query_done; blq_restore.h for l2rad).
 *
 * Each server gets up to `connections` TCP connections; each carries its
 * queries one after the other: the next query is written only when the
 * previous one has ended (DONE, an empty v6 REPLY, a status).  That is
 * what deployed servers can follow: every released Kea 3.0.x handles only
 * the first message of a TCP read and never runs queries queued past its
 * max-concurrent-queries (Kea #4660, #4549; shared/PROTOCOLS.md), so a
 * requestor that pipelines waits for answers that never come.  `pipeline`
 * allows more queries in flight per connection, for servers known to cope.
 * Whatever the pipeline, every message is matched to its query by
 * transaction id (v4 xid, v6 24-bit transaction-id), never by order.  Ids
 * are random and unique within a connection.  All servers are worked at
 * the same time.
 *
 * A connection that fails (connect refused or timed out, reset, closed by
 * the server before DONE, no complete message for data_timeout_ms, a
 * framing or protocol error), or a query the server ends with
 * QueryTerminated (v4 status 2, v6 status 11: "try again later"), sends
 * the queries it carried back to the queue; the server is retried after
 * an exponential backoff.  A retried query starts over: the server streams
 * it again from the beginning, so on_binding may see a binding again (the
 * consumer must key what it keeps; blq_restore.h does).  A server gives up
 * after max_attempts failures in a row without a query finishing (0: never)
 * -- unless `persist` is set and no server of the client has answered all
 * its queries yet: then nobody gives up, since the whole point of the
 * restore is one complete answer (a device that boots before its uplink
 * forwards must still get its leases).
 *
 * Memory is bounded whatever the servers send: one receive buffer of
 * max_msg octets per connection, the queries' encoded messages, nothing
 * per binding.
 *
 * Driving it
 * ----------
 *
 * From an existing poll loop (l2rad):
 *
 *	struct pollfd fds[N];		// N >= blq_client_nfds_max(c)
 *	while (!blq_client_finished(c)) {
 *		size_t n = blq_client_pollfds(c, fds, N);
 *		int t = blq_client_timeout_ms(c, blq_now_ms());
 *		poll(fds, n, t);	// plus the caller's own fds
 *		blq_client_process(c, fds, n, blq_now_ms());
 *	}
 *
 * or blocking, until every query finished or the deadline (l2ractl):
 *
 *	blq_client_run(c, blq_now_ms() + 60000);
 *
 * Times are milliseconds on CLOCK_MONOTONIC (blq_now_ms()).  Callbacks run
 * inside blq_client_process() / blq_client_run(); they may read the client,
 * its servers and queries, but must not add, free or drive it.
 *
 * One client is driven by one thread; clients share nothing but the
 * fallback transaction-id generator used when getrandom() has no entropy
 * yet.  SIGPIPE is avoided with MSG_NOSIGNAL.
 */
#ifndef _L2RA_BLQ_CLIENT_H
#define _L2RA_BLQ_CLIENT_H

#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "blq4.h"
#include "blq6.h"

/* Server ports: RFC 6926 (DHCPv4 server port) and RFC 5460 (DHCPv6). */
#define BLQ_PORT_V4	67
#define BLQ_PORT_V6	547

enum blq_proto {
	BLQ_PROTO_V4 = 4,	/* RFC 6926 messages */
	BLQ_PROTO_V6 = 6,	/* RFC 5460 messages */
};

/*
 * Tunables; start from blq_client_params_default() and change fields.
 * All times in milliseconds.
 */
struct blq_client_params {
	/*
	 * Abandon a connect() not completed after this long.  Neither RFC
	 * 5460 nor RFC 6926 defines one; draft-stapp-dhc-dhcpv6-bulk-
	 * leasequery-00 section 4.6 had BULK_LQ_CONN_TIMEOUT 30 s, which we
	 * keep.  Default 30000.
	 */
	unsigned int conn_timeout_ms;
	/*
	 * BULK_LQ_DATA_TIMEOUT, RFC 5460 and RFC 6926 ("Connection and
	 * Transmission Parameters"): 300 s.  Close a connection on which no
	 * complete message was read or written for this long (a peer that
	 * trickles octets makes no progress).  Default 300000.
	 */
	unsigned int data_timeout_ms;
	/*
	 * Backoff before the first retry; doubled for each further one.
	 * RFCs: the requestor MAY retry; draft-00 section 5.1: retries MUST
	 * back off exponentially.  Default 1000.
	 */
	unsigned int retry_initial_ms;
	/*
	 * BULK_LQ_MAX_RETRY of draft-00 section 4.6 ("Max Bulk Leasequery
	 * retry timeout value", 60 s): the cap of the backoff interval, not a
	 * count.  Dropped from the RFCs, kept here.  Default 60000.
	 */
	unsigned int retry_max_ms;
	/*
	 * Ours: failed attempts to one server in a row without any query
	 * finishing before its queued queries fail.  1 means no retry, 0
	 * never give up.  Default 6 (waits of 1+2+4+8+16 s between them).
	 */
	unsigned int max_attempts;
	/*
	 * Ours: while no server has answered every one of its queries, no
	 * server gives up, whatever max_attempts says (see Model).  Default
	 * false.
	 */
	bool persist;
	/*
	 * Connections to one server used in parallel, 1..16, each carrying
	 * its own queries.  Kea allows 10 per requester.  Default 1.
	 */
	unsigned int connections;
	/*
	 * Queries in flight on one connection, 1..64.  Default 1: the next
	 * query goes out when the previous one ended (see Model).
	 */
	unsigned int pipeline;
	/*
	 * Largest message accepted, 1..BLQ_FRAME_MAX; a length prefix above
	 * it (or zero) closes the connection.  Sizes the receive buffer.
	 * Default BLQ_FRAME_MAX (65535, what the 2-octet prefix can carry).
	 */
	size_t max_msg;
	/*
	 * Ours: bindings one query may return on one connection.  Beyond it
	 * the query fails BLQ_OUT_TOO_MANY (not retried) and the connection
	 * is closed (its other queries are retried).  0 = no limit.
	 * Default 1000000.
	 */
	uint64_t max_bindings;
};

void blq_client_params_default(struct blq_client_params *p);

/* How a query ended. */
enum blq_outcome {
	BLQ_OUT_PENDING = 0,	/* not finished yet */
	BLQ_OUT_DONE,		/* complete: DONE seen (v6 also: REPLY
				 * without CLIENT_DATA, "no bindings") */
	BLQ_OUT_STATUS,		/* the server answered an error status: v4
				 * 151 != 0 in DONE, v6 STATUS_CODE != 0 in
				 * REPLY or DONE; not retried, except
				 * QueryTerminated (then it is the reason of
				 * the last failed attempt) */
	BLQ_OUT_CLOSED,		/* connection closed or reset before DONE */
	BLQ_OUT_TIMEOUT,	/* connect or data timeout */
	BLQ_OUT_CONNECT,	/* connect failed: refused, unreachable */
	BLQ_OUT_PROTOCOL,	/* framing or protocol error by the server */
	BLQ_OUT_TOO_MANY,	/* more than max_bindings; not retried */
	BLQ_OUT_ABORTED,	/* blq_client_abort() or run()'s deadline */
};

const char *blq_outcome_str(enum blq_outcome o);

/*
 * Final result of a query.  For CLOSED, TIMEOUT, CONNECT and PROTOCOL it
 * describes the last failed attempt.
 */
struct blq_query_result {
	enum blq_outcome outcome;
	/* BLQ_OUT_STATUS: the server's code (BLQ4_STATUS_*, BLQ6_STATUS_*). */
	uint16_t status_code;
	/*
	 * Human-readable detail, NUL-terminated, "" if none: the server's
	 * status text for STATUS (truncated to fit), else ours, e.g.
	 * "connection refused", "no data for 300000 ms".
	 */
	char text[128];
	/* Bindings delivered by the last attempt (earlier ones redelivered). */
	uint64_t bindings;
	/* Connection attempts that carried this query. */
	unsigned int attempts;
};

/* Per-server counters, cumulative over all connections. */
struct blq_server_stats {
	uint64_t messages;	/* whole messages received */
	uint64_t bindings;	/* handed to on_binding */
	uint64_t discarded;	/* v6 LEASEQUERY-DATA without CLIENT_DATA */
	uint64_t malformed;	/* undecodable bindings, skipped */
	uint64_t bytes_in;
	uint64_t bytes_out;
	unsigned int connects;	/* connection attempts */
	unsigned int connected;	/* of which established */
	unsigned int retries;	/* retries scheduled */
};

/* A decoded binding, valid only during the on_binding call. */
struct blq_binding {
	enum blq_proto proto;
	/* BLQ_PROTO_V4: LEASEACTIVE, LEASEUNASSIGNED or LEASEUNKNOWN. */
	const struct blq4_binding *v4;
	/* BLQ_PROTO_V6: a REPLY or DATA with has_client_data set; views
	 * into the receive buffer. */
	const struct blq6_msg *v6;
};

struct blq_client;
struct blq_server;
struct blq_query;

/* Connection events, for logging. */
enum blq_event {
	BLQ_EV_CONNECTING,	/* text: "" */
	BLQ_EV_CONNECTED,	/* text: "" */
	BLQ_EV_CLOSED,		/* text: why, e.g. "connection reset" */
	BLQ_EV_RETRY,		/* text: "in 2000 ms" */
	BLQ_EV_GAVE_UP,		/* text: "after 6 attempts" */
};

const char *blq_event_str(enum blq_event ev);

struct blq_client_ops {
	/* Required. */
	void (*on_binding)(void *arg, const struct blq_server *s,
			   const struct blq_query *q,
			   const struct blq_binding *b);
	/* Required; called exactly once per query. */
	void (*on_query_done)(void *arg, const struct blq_server *s,
			      const struct blq_query *q,
			      const struct blq_query_result *r);
	/* Optional. */
	void (*on_event)(void *arg, const struct blq_server *s,
			 enum blq_event ev, const char *text);
};

/*
 * A client with @params (NULL: defaults; copied) and callbacks @ops
 * (copied) called with @arg.  NULL with errno EINVAL or ENOMEM.
 */
struct blq_client *blq_client_new(const struct blq_client_params *params,
				  const struct blq_client_ops *ops, void *arg);

/* Close every connection and free everything; no callback is called. */
void blq_client_free(struct blq_client *c);

/*
 * Add a server speaking @proto at @sa (AF_INET or AF_INET6; port 0 means
 * BLQ_PORT_V4 / BLQ_PORT_V6 by @proto).  @user is the caller's, returned
 * by blq_server_user().  Only before the client is first driven.  NULL
 * with errno EINVAL, EBUSY (already driven) or ENOMEM.
 */
struct blq_server *blq_client_add_server(struct blq_client *c,
					 const struct sockaddr *sa,
					 socklen_t sa_len, enum blq_proto proto,
					 void *user);

/*
 * Parse "192.0.2.1", "192.0.2.1:67", "2001:db8::1" or "[2001:db8::1]:547"
 * (numeric only, no names) into @ss / *@len; no port gives @default_port.
 * 0, or -EINVAL.
 */
int blq_addr_parse(const char *str, uint16_t default_port,
		   struct sockaddr_storage *ss, socklen_t *len);

/*
 * Queue a query for server @s, which must speak v4 (add_query4) or v6
 * (add_query6); @q is encoded now (its xid is ignored: the client picks
 * them), so what it points to need not outlive the call.  Only before the
 * client is first driven.  NULL with errno EINVAL (bad query, wrong
 * protocol), EBUSY or ENOMEM.
 */
struct blq_query *blq_client_add_query4(struct blq_server *s,
					const struct blq4_query *q,
					void *user);
struct blq_query *blq_client_add_query6(struct blq_server *s,
					const struct blq6_query *q,
					void *user);

/* CLOCK_MONOTONIC in milliseconds. */
int64_t blq_now_ms(void);

/* Upper bound of the pollfds blq_client_pollfds() fills. */
size_t blq_client_nfds_max(const struct blq_client *c);

/*
 * Fill @fds (room for @n) with the sockets to poll and their events;
 * returns how many were filled.  revents are cleared.
 */
size_t blq_client_pollfds(const struct blq_client *c, struct pollfd *fds,
			  size_t n);

/*
 * Milliseconds until the client needs blq_client_process() even if no fd
 * is ready (a connect/data timeout, a retry, the first connects): 0 if
 * now, -1 if never (finished).
 */
int blq_client_timeout_ms(const struct blq_client *c, int64_t now);

/*
 * Do the work due at @now: handle revents of the @n entries of @fds (as
 * filled by blq_client_pollfds(), in any order, unknown fds ignored; @fds
 * may be NULL when @n is 0), expire timers, start connections.  Calls the
 * callbacks.
 */
void blq_client_process(struct blq_client *c, const struct pollfd *fds,
			size_t n, int64_t now);

/* True when every query has its outcome (on_query_done was called). */
bool blq_client_finished(const struct blq_client *c);

/* Servers whose every query ended BLQ_OUT_DONE so far. */
size_t blq_client_complete(const struct blq_client *c);

/* Fail every unfinished query with BLQ_OUT_ABORTED and close. */
void blq_client_abort(struct blq_client *c, const char *why);

/*
 * Drive the client until it is finished or until @deadline (blq_now_ms()
 * time base; 0 for none), then abort what is left.  0 when all queries
 * finished (whatever their outcome), -ETIMEDOUT after the deadline, or
 * -errno if poll() failed (queries aborted).  EINTR is retried.
 */
int blq_client_run(struct blq_client *c, int64_t deadline);

/* Servers and queries, in the order they were added. */
size_t blq_client_nservers(const struct blq_client *c);
struct blq_server *blq_client_server(const struct blq_client *c, size_t i);

enum blq_proto blq_server_proto(const struct blq_server *s);
/* "192.0.2.1:67" or "[2001:db8::1]:547". */
const char *blq_server_name(const struct blq_server *s);
const struct sockaddr *blq_server_addr(const struct blq_server *s,
				       socklen_t *len);
void *blq_server_user(const struct blq_server *s);
const struct blq_server_stats *blq_server_stats(const struct blq_server *s);
size_t blq_server_nqueries(const struct blq_server *s);
struct blq_query *blq_server_query(const struct blq_server *s, size_t i);

struct blq_server *blq_query_server(const struct blq_query *q);
/* Index of the query within its server, in the order added. */
size_t blq_query_index(const struct blq_query *q);
void *blq_query_user(const struct blq_query *q);
/* Transaction id on the current (or last) connection; 0 before. */
uint32_t blq_query_xid(const struct blq_query *q);
/* Outcome so far (BLQ_OUT_PENDING until on_query_done). */
const struct blq_query_result *blq_query_result(const struct blq_query *q);

#endif /* _L2RA_BLQ_CLIENT_H */
