// SPDX-License-Identifier: GPL-2.0
/*
 * store_crash_writer.c - heavy lease churn through l2rad's store code, for
 * tests/store_crash.sh, which kill -9s it at random moments.
 *
 *   store_crash_writer write DB LOG [BATCHES]
 *	Resume after the last batch the store holds and commit batches of
 *	deletes and upserts (through the write-delay batch, as l2rad does),
 *	one transaction each; after each COMMIT returns, append the batch
 *	number to LOG.  Runs until killed, or BATCHES batches.
 *   store_crash_writer check DB LOG
 *	PRAGMA integrity_check must say "ok", the schema version must be
 *	current, and the table must equal the replayed state after the last
 *	batch in LOG, or after the one following it (committed, killed
 *	before it was logged); the rows' records (what a restore after the
 *	crash reads) must say what the columns say.  Exit 0 if so.
 *
 * The workload is deterministic: batch b deletes DELS keys and then
 * upserts UPS keys of a KEYS-key space, each upserted lease recording b.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "pending.h"
#include "store.h"

#define KEYS	4096
#define UPS	400
#define DELS	100

static void key_lease(unsigned int k, struct lease *l)
{
	memset(l, 0, sizeof(*l));
	l->mac[0] = 0x02;
	l->mac[4] = (uint8_t)(k >> 8);
	l->mac[5] = (uint8_t)k;
	l->vid = (uint16_t)(k % 5);
}

static unsigned int del_key(long b, unsigned int j)
{
	return (unsigned int)((b * 31 + j * 7) % KEYS);
}

static unsigned int up_key(long b, unsigned int j)
{
	return (unsigned int)((b * 97 + j * 13) % KEYS);
}

static void fill(struct lease *l, long b, unsigned int j)
{
	l->addr = htonl((uint32_t)b);
	l->cltt = b;
	l->expires_at = 2000000000LL + b;
	l->lease_time = j;
	snprintf(l->port, sizeof(l->port), "eth%u", j % 8);
	snprintf(l->bridge, sizeof(l->bridge), "br0");
	l->circuit_id_len = (uint8_t)snprintf((char *)l->circuit_id,
					      sizeof(l->circuit_id),
					      "br0:eth%u", j % 8);
}

struct maxarg {
	long max;
};

static int max_cb(const struct lease *l, void *arg)
{
	struct maxarg *m = arg;

	if (l->cltt > m->max)
		m->max = l->cltt;
	return 0;
}

static int do_write(const char *db, const char *logpath, long batches)
{
	struct store *s;
	struct pending p;
	struct maxarg m = { -1 };
	char err[256], moved[4200];
	int fd;

	if (store_open(&s, db, moved, sizeof(moved), err, sizeof(err))) {
		fprintf(stderr, "writer: %s\n", err);
		return 1;
	}
	if (moved[0]) {
		fprintf(stderr, "writer: store was corrupt, moved to %s\n",
			moved);
		return 1;
	}
	fd = open(logpath, O_WRONLY | O_APPEND | O_CREAT, 0644);
	if (fd < 0 || pending_init(&p) || store_load(s, max_cb, &m)) {
		perror("writer");
		return 1;
	}
	/*
	 * What the store holds is committed: log it, or a batch committed by
	 * a writer killed before it could log it would leave the log two
	 * batches behind after this writer's next commit.
	 */
	if (m.max >= 0)
		dprintf(fd, "%ld\n", m.max);
	for (long b = m.max + 1; batches < 0 || b <= m.max + batches; b++) {
		struct lease l;

		for (unsigned int j = 0; j < DELS; j++) {
			key_lease(del_key(b, j), &l);
			pending_del(&p, &l);
		}
		for (unsigned int j = 0; j < UPS; j++) {
			key_lease(up_key(b, j), &l);
			fill(&l, b, j);
			pending_put(&p, &l);
		}
		if (pending_flush(&p, s)) {
			fprintf(stderr, "writer: batch %ld: %s\n", b,
				store_errmsg(s));
			return 1;
		}
		dprintf(fd, "%ld\n", b);
	}
	pending_free(&p);
	store_close(s);
	close(fd);
	return 0;
}

/* state[k]: the batch that last upserted key k, -1 if absent. */
static void replay(long upto, long *state)
{
	for (unsigned int k = 0; k < KEYS; k++)
		state[k] = -1;
	for (long b = 0; b <= upto; b++) {
		for (unsigned int j = 0; j < DELS; j++)
			state[del_key(b, j)] = -1;
		for (unsigned int j = 0; j < UPS; j++)
			state[up_key(b, j)] = b;
	}
}

/*
 * The restore's read after the crash: every row's record (schema 5), and
 * each the lease its columns say (@got: cltt by key, -1 none).
 */
static int check_recs(const char *db, const long *got)
{
	struct lease_vec v = { 0 };
	struct store *s;
	char moved[256], err[256];
	size_t n = 0;
	int bad = 0;

	if (store_open(&s, db, moved, sizeof(moved), err, sizeof(err))) {
		fprintf(stderr, "check: store_open: %s\n", err);
		return 1;
	}
	if (store_load_vec(s, &v) || !store_read_recs(s)) {
		fprintf(stderr, "check: the records were not read: %s\n",
			store_errmsg(s));
		bad = 1;
	}
	for (size_t i = 0; i < v.n && !bad; i++) {
		const struct lease *l = &v.v[i];
		unsigned int k = (unsigned int)(l->mac[4] << 8 | l->mac[5]);

		if (l->v6 || k >= KEYS || got[k] != l->cltt ||
		    (long)ntohl(l->addr) != l->cltt) {
			fprintf(stderr, "check: record of key %u differs\n", k);
			bad = 1;
		}
	}
	for (unsigned int k = 0; k < KEYS; k++)
		n += got[k] >= 0;
	if (!bad && n != v.n) {
		fprintf(stderr, "check: %zu records, %zu rows\n", v.n, n);
		bad = 1;
	}
	lease_vec_free(&v);
	store_close(s);
	return bad;
}

static int do_check(const char *db, const char *logpath)
{
	static long got[KEYS], want[KEYS];
	sqlite3 *h;
	sqlite3_stmt *st;
	long last = -1, v;
	int rc, bad = 0;
	FILE *f = fopen(logpath, "r");
	const unsigned char *r;

	if (f) {
		while (fscanf(f, "%ld", &v) == 1)
			if (v > last)
				last = v;
		fclose(f);
	}
	if (last < 0 && access(db, F_OK) && errno == ENOENT) {
		printf("killed before the store file was created\n");
		return 0;
	}
	if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		fprintf(stderr, "check: cannot open %s\n", db);
		return 1;
	}
	rc = sqlite3_prepare_v2(h, "PRAGMA integrity_check", -1, &st, NULL);
	if (rc != SQLITE_OK || sqlite3_step(st) != SQLITE_ROW ||
	    !(r = sqlite3_column_text(st, 0)) || strcmp((const char *)r, "ok")) {
		fprintf(stderr, "check: integrity_check: %s\n",
			rc == SQLITE_OK && sqlite3_column_text(st, 0) ?
			(const char *)sqlite3_column_text(st, 0) :
			sqlite3_errmsg(h));
		return 1;
	}
	sqlite3_finalize(st);
	sqlite3_prepare_v2(h, "PRAGMA user_version", -1, &st, NULL);
	v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
	sqlite3_finalize(st);
	/*
	 * Killed inside the first writer's migration: the store is at
	 * version 0 with no table, as the migration promises (each step is
	 * one transaction with its user_version).  Correct only if no batch
	 * was ever committed; the next writer must migrate it.
	 */
	if (v == 0 && last < 0 &&
	    sqlite3_prepare_v2(h, "SELECT 1 FROM sqlite_master", -1, &st,
			       NULL) == SQLITE_OK) {
		rc = sqlite3_step(st);
		sqlite3_finalize(st);
		if (rc == SQLITE_DONE) {
			sqlite3_close(h);
			printf("killed before the store was created\n");
			return 0;
		}
	}
	if (v != STORE_SCHEMA_VERSION) {
		fprintf(stderr, "check: wrong schema version %ld\n", v);
		return 1;
	}
	for (unsigned int k = 0; k < KEYS; k++)
		got[k] = -1;
	sqlite3_prepare_v2(h, "SELECT mac, vid, cltt, addr FROM leases", -1,
			   &st, NULL);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const uint8_t *mac = sqlite3_column_blob(st, 0);
		unsigned int k = (unsigned int)(mac[4] << 8 | mac[5]);

		if (k >= KEYS || sqlite3_column_int(st, 1) != (int)(k % 5) ||
		    sqlite3_column_int64(st, 2) != sqlite3_column_int64(st, 3)) {
			fprintf(stderr, "check: bad row for key %u\n", k);
			bad = 1;
			continue;
		}
		got[k] = (long)sqlite3_column_int64(st, 2);
	}
	sqlite3_finalize(st);
	sqlite3_close(h);
	if (bad || check_recs(db, got))
		return 1;
	for (long t = last; t <= last + 1; t++) {
		replay(t, want);
		if (!memcmp(got, want, sizeof(got))) {
			printf("check: ok, store at batch %ld (log says %ld)\n",
			       t, last);
			return 0;
		}
	}
	fprintf(stderr, "check: store matches neither batch %ld nor %ld\n",
		last, last + 1);
	return 1;
}

int main(int argc, char **argv)
{
	if (argc >= 4 && !strcmp(argv[1], "write"))
		return do_write(argv[2], argv[3],
				argc > 4 ? atol(argv[4]) : -1);
	if (argc == 4 && !strcmp(argv[1], "check"))
		return do_check(argv[2], argv[3]);
	fprintf(stderr, "usage: %s write DB LOG [BATCHES] | check DB LOG\n",
		argv[0]);
	return 2;
}
