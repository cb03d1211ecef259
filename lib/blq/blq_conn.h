/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One Bulk Leasequery TCP connection: a non-blocking connect, framed
 * messages out (2-octet length prefix, RFC 6926 / RFC 5460 "Message
 * Framing for TCP"), whole messages in, and the two timers of the RFCs.
 * It knows nothing of queries or of DHCP: blq_client.c does, and this
 * layer reports to it through one callback.
 *
 *   framer (blq_frame.h) -> connection (here) -> client (blq_client.h)
 *
 * Timers: a connect not completed within conn_timeout_ms fails; once open,
 * BULK_LQ_DATA_TIMEOUT (data_timeout_ms) runs from the last *complete*
 * message received or written, so a peer that trickles one octet now and
 * then cannot hold the connection open forever: progress is measured in
 * messages, not octets.
 */
#ifndef _L2RA_BLQ_CONN_H
#define _L2RA_BLQ_CONN_H

#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "blq_frame.h"

/* Why a connection went down; blq_client.h maps these to outcomes. */
enum blq_conn_fail {
	BLQ_CONN_CLOSED = 1,	/* closed or reset by the peer */
	BLQ_CONN_TIMEOUT,	/* connect or data timeout */
	BLQ_CONN_REFUSED,	/* connect failed: refused, unreachable, ... */
	BLQ_CONN_FRAMING,	/* a length prefix of 0 or over max_msg */
};

enum blq_conn_ev_type {
	BLQ_CONN_EV_UP,		/* connected: send now */
	BLQ_CONN_EV_MSG,	/* a whole message: .msg, .len */
	BLQ_CONN_EV_DOWN,	/* failed and closed: .fail, .text */
};

struct blq_conn_ev {
	enum blq_conn_ev_type type;
	const uint8_t *msg;	/* EV_MSG: valid during the callback only */
	size_t len;
	enum blq_conn_fail fail;	/* EV_DOWN */
	const char *text;	/* EV_DOWN: e.g. "connection reset" */
	int64_t now;		/* EV_MSG: blq_now_ms() of its read */
};

struct blq_conn;

/*
 * The one way up.  It may call blq_conn_send() and blq_conn_close() on the
 * connection it is told about (from EV_MSG, the rest of what was read is
 * then dropped if it closed); it must not free it.
 */
typedef void (*blq_conn_cb)(void *arg, struct blq_conn *c,
			    const struct blq_conn_ev *ev);

/* Octet counters, cumulative; the owner may share one among connections. */
struct blq_conn_stats {
	uint64_t bytes_in;
	uint64_t bytes_out;
	uint64_t messages;	/* whole messages received */
	unsigned int connects;	/* attempts */
	unsigned int connected;	/* of which established */
};

enum blq_conn_state {
	BLQ_CONN_IDLE,		/* no socket */
	BLQ_CONN_CONNECTING,	/* connect() in progress until .when */
	BLQ_CONN_OPEN,		/* data timeout at .when */
};

/* Opaque to users; in the header so that owners can embed it. */
struct blq_conn {
	enum blq_conn_state state;
	int fd;
	int64_t when;
	unsigned int conn_timeout_ms, data_timeout_ms;
	unsigned int gen;	/* bumped by every open and close */
	blq_conn_cb cb;
	void *arg;
	struct blq_conn_stats *stats;
	uint8_t *out;		/* framed messages not yet written */
	size_t out_len, out_off, out_cap;
	uint8_t *rbuf;		/* max_msg octets: the message being read */
	struct blq_framer fr;
	uint8_t chunk[8192];	/* one recv() */
};

/*
 * Ready @c for use (no socket yet): messages up to @max_msg
 * (1..BLQ_FRAME_MAX), the two timeouts in ms (> 0), counters into @stats
 * (not NULL), events to @cb(@arg).  0 or -ENOMEM / -EINVAL.
 */
int blq_conn_init(struct blq_conn *c, size_t max_msg,
		  unsigned int conn_timeout_ms, unsigned int data_timeout_ms,
		  struct blq_conn_stats *stats, blq_conn_cb cb, void *arg);
/* Close and free the buffers; no callback. */
void blq_conn_destroy(struct blq_conn *c);

/*
 * Start connecting to @sa at @now.  EV_UP (possibly before this returns:
 * a loopback connect can complete at once) or EV_DOWN follows.
 */
void blq_conn_open(struct blq_conn *c, const struct sockaddr *sa,
		   socklen_t len, int64_t now);

/*
 * Queue one message (@len octets, 1..max_msg) for sending behind its
 * length prefix; written as the socket allows.  The data timeout starts
 * now if nothing else was waiting.  0, -ENOTCONN or -ENOMEM / -EINVAL.
 */
int blq_conn_send(struct blq_conn *c, const uint8_t *msg, size_t len,
		  int64_t now);

/* Close the socket and forget anything queued or half read; no callback. */
void blq_conn_close(struct blq_conn *c);

static inline bool blq_conn_busy(const struct blq_conn *c)
{
	return c->state != BLQ_CONN_IDLE;
}

/* Fill @pfd for poll(); false (and fd -1) when there is no socket. */
bool blq_conn_pollfd(const struct blq_conn *c, struct pollfd *pfd);

/* Handle poll() results for the connection's socket. */
void blq_conn_io(struct blq_conn *c, short revents, int64_t now);

/* Next deadline (connect or data timeout); -1 when idle. */
int64_t blq_conn_deadline(const struct blq_conn *c);

/* Expire the timers due at @now (EV_DOWN with BLQ_CONN_TIMEOUT). */
void blq_conn_timer(struct blq_conn *c, int64_t now);

#endif /* _L2RA_BLQ_CONN_H */
