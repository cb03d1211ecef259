// SPDX-License-Identifier: GPL-2.0
/*
 * blq_cost: l2rad's user-space work for a restore from a server, the part
 * bench/blq_cost.sh counts under callgrind: one Bulk Leasequery by
 * relay-id to ADDR:PORT, every binding read (lib/blq: connection, framer,
 * decoder, client) and reconciled (blq_restore_add(), as l2rad's
 * on_binding), then blq_restore_finish().  All of it runs inside
 * blq_cost_run(), the function the count is toggled on; the socket's
 * kernel work is not counted (callgrind sees user space only).
 *
 *   blq_cost ADDR[:PORT] RELAY_ID_HEX
 *
 * Prints "bindings N leases M"; exits 1 if the query did not complete.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "blq_client.h"
#include "blq_restore.h"

struct run {
	struct blq_restore rs;
	struct lease_vec out;
	unsigned long bindings;
	bool failed;
};

static void on_binding(void *arg, const struct blq_server *s,
		       const struct blq_query *q, const struct blq_binding *b)
{
	struct run *r = arg;

	(void)s;
	(void)q;
	r->bindings++;
	if (blq_restore_add(&r->rs, b, 0x0100007f, 1000000000))
		r->failed = true;
}

static void on_query_done(void *arg, const struct blq_server *s,
			  const struct blq_query *q,
			  const struct blq_query_result *res)
{
	struct run *r = arg;

	(void)s;
	(void)q;
	if (res->outcome != BLQ_OUT_DONE) {
		fprintf(stderr, "blq_cost: %s %s\n",
			blq_outcome_str(res->outcome), res->text);
		r->failed = true;
	}
}

static const struct blq_client_ops ops = {
	.on_binding = on_binding,
	.on_query_done = on_query_done,
};

static size_t unhex(const char *s, uint8_t *out, size_t cap)
{
	size_t n = 0;

	while (s[0] && s[1] && n < cap) {
		unsigned int v;

		if (sscanf(s, "%2x", &v) != 1)
			return 0;
		out[n++] = (uint8_t)v;
		s += 2;
	}
	return *s ? 0 : n;
}

/* Everything counted: the query's whole run and the reconciliation. */
__attribute__((noinline))
static int blq_cost_run(struct blq_client *c, struct run *r)
{
	int e = blq_client_run(c, blq_now_ms() + 600000);

	return e ? e : blq_restore_finish(&r->rs, &r->out);
}

int main(int argc, char **argv)
{
	struct blq_client_params p;
	struct sockaddr_storage ss;
	struct blq4_query q = { .by = BLQ4_BY_RELAY_ID };
	struct run r = { 0 };
	struct blq_client *c;
	struct blq_server *s;
	uint8_t id[255];
	socklen_t len;
	int e;

	if (argc != 3 || blq_addr_parse(argv[1], 0, &ss, &len) ||
	    !(q.id_len = unhex(argv[2], id, sizeof(id)))) {
		fprintf(stderr, "usage: blq_cost ADDR[:PORT] RELAY_ID_HEX\n");
		return 2;
	}
	q.id = id;
	blq_restore_init(&r.rs, 0);
	blq_client_params_default(&p);
	p.max_attempts = 1;
	c = blq_client_new(&p, &ops, &r);
	if (!c || !(s = blq_client_add_server(c, (struct sockaddr *)&ss, len,
						BLQ_PROTO_V4, NULL)) ||
	    !blq_client_add_query4(s, &q, NULL)) {
		perror("blq_cost");
		return 1;
	}
	e = blq_cost_run(c, &r);
	printf("bindings %lu leases %zu\n", r.bindings, r.out.n);
	blq_client_free(c);
	lease_vec_free(&r.out);
	blq_restore_free(&r.rs);
	return e || r.failed ? 1 : 0;
}
