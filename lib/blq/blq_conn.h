/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internals of the Bulk Leasequery requestor shared by blq_client.c (the
 * API, retry policy and poll loop) and blq_conn.c (one server's TCP
 * connection: connect, write, read, frame, match messages to queries).
 * Not an API: include blq_client.h.
 */
#ifndef _L2RA_BLQ_CONN_H
#define _L2RA_BLQ_CONN_H

#include "blq_client.h"

struct blq_query {
	struct blq_server *server;
	size_t index;
	void *user;
	/* The framed query (prefix + message); the id is patched per
	 * connection at xid_off. */
	uint8_t *wire;
	size_t wire_len;
	size_t xid_off;
	uint32_t xid;
	unsigned int gen;	/* connection the xid was drawn for */
	bool active;		/* sent on the open connection, unfinished */
	bool final;		/* res.outcome is set for good */
	bool got_reply;		/* v6: LEASEQUERY-REPLY seen on this conn */
	bool empty_reply;	/* v6: it had no CLIENT_DATA; a DONE may follow */
	uint64_t conn_bindings;	/* on this connection */
	/* While pending: why the last attempt failed (for the final result). */
	enum blq_outcome fail;
	char fail_text[sizeof(((struct blq_query_result *)0)->text)];
	struct blq_query_result res;
};

enum blq_conn_state {
	BLQ_CS_WAIT,		/* not connected; connect at .when */
	BLQ_CS_CONNECTING,	/* connect() in progress until .when */
	BLQ_CS_OPEN,		/* data timeout at .when */
	BLQ_CS_FINISHED,	/* every query has its outcome */
};

struct blq_server {
	struct blq_client *client;
	enum blq_proto proto;
	struct sockaddr_storage addr;
	socklen_t addr_len;
	char name[64];
	void *user;
	struct blq_server_stats stats;

	struct blq_query **q;
	size_t nq, cap;
	size_t unfinished;

	/* The connection. */
	enum blq_conn_state state;
	int fd;
	int64_t when;		/* next deadline of the state */
	unsigned int gen;	/* counts connections */
	unsigned int fails;	/* attempts in a row without a query done */
	bool progress;		/* a query finished on this connection */
	uint8_t *out;		/* the queries, back to back */
	size_t out_len, out_off;
	uint8_t *rbuf;		/* params.max_msg octets */
	struct blq_framer fr;
	struct blq_query *last;	/* last matched query: streams come in runs */
};

struct blq_client {
	struct blq_client_params p;
	struct blq_client_ops ops;
	void *arg;
	struct blq_server **s;
	size_t ns, cap;
	bool started;
	size_t unfinished;	/* queries without an outcome */
	uint8_t chunk[16384];	/* one read() */
};

/* blq_conn.c */

/* Pick ids, connect, queue the unfinished queries; failures are reported
 * through blq_conn_failed(). */
void blq_conn_start(struct blq_server *s, int64_t now);
/* Handle poll() revents of the server's socket. */
void blq_conn_io(struct blq_server *s, short revents, int64_t now);
/* Expire the connect / data timeout. */
void blq_conn_timer(struct blq_server *s, int64_t now);
/* Close the socket, forget the stream; queries keep their state. */
void blq_conn_close(struct blq_server *s);

/* blq_client.c */

/* Give @q its final outcome and call on_query_done. */
void blq_query_finish(struct blq_query *q, enum blq_outcome o,
		      uint16_t code, const char *text);
/* The connection failed: close it, then retry or give up. */
void blq_conn_failed(struct blq_server *s, enum blq_outcome o,
		     const char *text, int64_t now);
/* Report an event to on_event (printf-style text). */
void blq_event(struct blq_server *s, enum blq_event ev, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif /* _L2RA_BLQ_CONN_H */
