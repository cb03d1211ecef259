// SPDX-License-Identifier: GPL-2.0
/*
 * test_store.c - l2rad's SQLite lease store and write-delay batch, on real
 * SQLite files in a temporary directory (no mocks).
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "../../agent/pending.h"
#include "../../agent/store.h"

struct fx {
	char dir[64];
	char db[128];
	struct store *s;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	snprintf(f->dir, sizeof(f->dir), "/tmp/l2rad-test.XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->db, sizeof(f->db), "%s/leases.db", f->dir);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	char cmd[128];

	store_close(f->s);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", f->dir);
	if (system(cmd))
		return -1;
	free(f);
	return 0;
}

static void open_ok(struct fx *f)
{
	char moved[256], err[256];

	assert_int_equal(store_open(&f->s, f->db, moved, sizeof(moved), err,
				    sizeof(err)), 0);
	assert_string_equal(moved, "");
}

static void reopen(struct fx *f)
{
	store_close(f->s);
	f->s = NULL;
	open_ok(f);
}

/* Schema 5 undone: what an l2rad of schema 4 left, before its PRAGMA. */
#define BACK_TO_V4 \
	"DROP TRIGGER leases_rec_stale; DROP TRIGGER leases6_rec_stale;" \
	"ALTER TABLE leases DROP COLUMN rec;" \
	"ALTER TABLE leases6 DROP COLUMN rec;"

static struct lease mk(unsigned int k, int64_t expires_at)
{
	struct lease l = { 0 };

	l.mac[0] = 0x02;
	l.mac[3] = (uint8_t)(k >> 16);
	l.mac[4] = (uint8_t)(k >> 8);
	l.mac[5] = (uint8_t)k;
	l.vid = (uint16_t)(k % 4095);
	l.addr = htonl(0xc0000200u + (k & 0xff));
	l.expires_at = expires_at;
	l.lease_time = 3600;
	l.server_id = htonl(0xc0000201u);
	l.cltt = expires_at - 3600;
	snprintf(l.port, sizeof(l.port), "eth%u", k % 48);
	snprintf(l.bridge, sizeof(l.bridge), "br0");
	l.circuit_id_len = (uint8_t)snprintf((char *)l.circuit_id,
					     sizeof(l.circuit_id), "br0:eth%u",
					     k % 48);
	return l;
}

/* Field by field: bytes past a string's or circuit-id's end do not count. */
static void assert_lease_equal(const struct lease *a, const struct lease *b)
{
	assert_memory_equal(a->mac, b->mac, 6);
	assert_int_equal(a->vid, b->vid);
	assert_int_equal(a->addr, b->addr);
	assert_int_equal(a->expires_at, b->expires_at);
	assert_int_equal(a->lease_time, b->lease_time);
	assert_int_equal(a->server_id, b->server_id);
	assert_int_equal(a->cltt, b->cltt);
	assert_string_equal(a->port, b->port);
	assert_string_equal(a->bridge, b->bridge);
	assert_int_equal(a->circuit_id_len, b->circuit_id_len);
	assert_memory_equal(a->circuit_id, b->circuit_id, a->circuit_id_len);
	assert_int_equal(a->flags, b->flags);
}

/* @l made a static binding, as the kernel reports one (EXPIRES never). */
static struct lease mk_static(unsigned int k, int64_t expires_at)
{
	struct lease l = mk(k, expires_at);

	l.flags = L2RA_LEASE_F_STATIC;
	l.lease_time = UINT32_MAX;
	return l;
}

static void upsert_all(struct store *s, const struct lease *v, size_t n)
{
	assert_int_equal(store_begin(s), 0);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(store_upsert(s, &v[i]), 0);
	assert_int_equal(store_commit(s), 0);
}

static void load(struct store *s, struct lease_vec *vec)
{
	vec->n = 0;
	assert_int_equal(store_load_vec(s, vec), 0);
}

static void test_create_and_schema(void **state)
{
	struct fx *f = *state;
	sqlite3 *h;
	sqlite3_stmt *st;

	open_ok(f);
	assert_int_equal(store_schema_version(f->s), STORE_SCHEMA_VERSION);
	assert_int_equal(store_count(f->s), 0);
	reopen(f);	/* an existing store: no migration, same version */
	assert_int_equal(store_schema_version(f->s), STORE_SCHEMA_VERSION);
	assert_int_equal(sqlite3_open(f->db, &h), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, "PRAGMA journal_mode", -1, &st,
					    NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "wal");
	sqlite3_finalize(st);
	sqlite3_close(h);
}

static void test_newer_schema_refused(void **state)
{
	struct fx *f = *state;
	char moved[256], err[256];
	sqlite3 *h;

	open_ok(f);
	store_close(f->s);
	f->s = NULL;
	assert_int_equal(sqlite3_open(f->db, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, "PRAGMA user_version = 99", NULL,
				      NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
	assert_int_equal(store_open(&f->s, f->db, moved, sizeof(moved), err,
				    sizeof(err)), -1);
	assert_non_null(strstr(err, "newer"));
	assert_null(f->s);
	assert_int_equal(access(f->db, F_OK), 0);	/* left alone */
}

static void test_upsert_delete_load(void **state)
{
	struct fx *f = *state;
	struct lease v[3] = { mk(1, 2000000000), mk(2, 2000000000),
			      mk(3, 2000000000) };
	struct lease_vec got = { 0 };

	open_ok(f);
	upsert_all(f->s, v, 3);
	v[1].addr = htonl(0x0a000001);	/* update one */
	v[1].circuit_id_len = 0;
	v[1].port[0] = '\0';
	upsert_all(f->s, &v[1], 1);
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_delete(f->s, v[2].mac, v[2].vid), 0);
	assert_int_equal(store_delete(f->s, v[2].mac, 7), 0);	/* none */
	assert_int_equal(store_commit(f->s), 0);
	reopen(f);
	load(f->s, &got);
	assert_int_equal(got.n, 2);
	lease_vec_sort(&got);
	assert_lease_equal(&got.v[0], &v[0]);
	assert_lease_equal(&got.v[1], &v[1]);
	lease_vec_free(&got);
}

static void test_rollback(void **state)
{
	struct fx *f = *state;
	struct lease l = mk(5, 2000000000);

	open_ok(f);
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_upsert(f->s, &l), 0);
	store_rollback(f->s);
	assert_int_equal(store_count(f->s), 0);
}

static void test_drop_expired(void **state)
{
	struct fx *f = *state;
	struct lease v[4] = { mk(1, 100), mk(2, 200), mk(3, 300),
			      mk(4, 400) };
	struct lease_vec got = { 0 };
	unsigned int n = 99;

	open_ok(f);
	upsert_all(f->s, v, 4);
	assert_int_equal(store_drop_expired(f->s, 200, &n), 0);
	assert_int_equal(n, 2);		/* expires_at <= now */
	load(f->s, &got);
	assert_int_equal(got.n, 2);
	assert_int_equal(got.v[0].expires_at + got.v[1].expires_at, 700);
	lease_vec_free(&got);
}

static void test_newest_cltt(void **state)
{
	struct fx *f = *state;
	struct lease v[3] = { mk(1, 2000000000), mk(2, 2000000000),
			      mk(3, 2000000000) };

	open_ok(f);
	assert_int_equal(store_newest_cltt(f->s), 0);	/* empty */
	v[0].cltt = 1700000100;
	v[1].cltt = 1700000500;
	v[2].cltt = 1700000300;
	upsert_all(f->s, v, 3);
	assert_int_equal(store_newest_cltt(f->s), 1700000500);
	/* The prepared statement is reset: asked again, it answers again. */
	assert_int_equal(store_newest_cltt(f->s), 1700000500);
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_delete(f->s, v[1].mac, v[1].vid), 0);
	assert_int_equal(store_commit(f->s), 0);
	assert_int_equal(store_newest_cltt(f->s), 1700000300);
	/* Inside a transaction it sees the transaction's writes. */
	v[0].cltt = 1700000900;
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_upsert(f->s, &v[0]), 0);
	assert_int_equal(store_newest_cltt(f->s), 1700000900);
	store_rollback(f->s);
	assert_int_equal(store_newest_cltt(f->s), 1700000300);
}

static void test_count_unexpired(void **state)
{
	struct fx *f = *state;
	struct lease v[4] = { mk(1, 100), mk(2, 200), mk(3, 300),
			      mk(4, 400) };

	open_ok(f);
	assert_int_equal(store_count_unexpired(f->s, 0), 0);	/* empty */
	upsert_all(f->s, v, 4);
	assert_int_equal(store_count_unexpired(f->s, 0), 4);
	assert_int_equal(store_count_unexpired(f->s, 199), 3);
	assert_int_equal(store_count_unexpired(f->s, 200), 2);	/* > now */
	assert_int_equal(store_count_unexpired(f->s, 400), 0);
	/* Counting does not drop anything. */
	assert_int_equal(store_count(f->s), 4);
	reopen(f);
	assert_int_equal(store_count_unexpired(f->s, 250), 2);
}

static void test_replace_all(void **state)
{
	struct fx *f = *state;
	struct lease a[3] = { mk(1, 2000000000), mk(2, 2000000000),
			      mk(3, 2000000000) };
	struct lease b[2] = { mk(3, 2000000001), mk(9, 2000000001) };
	struct lease_vec got = { 0 };

	open_ok(f);
	upsert_all(f->s, a, 3);
	assert_int_equal(store_replace_all(f->s, b, 2), 0);
	load(f->s, &got);
	assert_int_equal(got.n, 2);
	lease_vec_sort(&got);
	assert_lease_equal(&got.v[0], &b[0]);
	assert_lease_equal(&got.v[1], &b[1]);
	assert_int_equal(store_replace_all(f->s, NULL, 0), 0);
	assert_int_equal(store_count(f->s), 0);
	lease_vec_free(&got);
}

static void write_garbage(const char *path, size_t n)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	for (size_t i = 0; i < n; i++)
		fputc((int)((i * 7919) & 0xff), fp);
	fclose(fp);
}

static void test_garbage_moved_aside(void **state)
{
	struct fx *f = *state;
	char moved[256], err[256];

	write_garbage(f->db, 8192);
	assert_int_equal(store_open(&f->s, f->db, moved, sizeof(moved), err,
				    sizeof(err)), 0);
	assert_non_null(strstr(moved, "leases.db.corrupt-"));
	assert_int_equal(access(moved, F_OK), 0);	/* kept for forensics */
	assert_int_equal(store_count(f->s), 0);
	assert_int_equal(store_schema_version(f->s), STORE_SCHEMA_VERSION);
}

/* A closed store of 2000 leases whose b-tree pages are smashed. */
static void damage_store(struct fx *f)
{
	struct lease v[2000];
	FILE *fp;
	long size;

	open_ok(f);
	for (unsigned int i = 0; i < 2000; i++)
		v[i] = mk(i, 2000000000);
	upsert_all(f->s, v, 2000);
	store_close(f->s);	/* checkpoints the WAL into the file */
	f->s = NULL;
	/* Keep the header page, smash the b-tree pages after it. */
	fp = fopen(f->db, "r+");
	assert_non_null(fp);
	fseek(fp, 0, SEEK_END);
	size = ftell(fp);
	assert_true(size > 16384);
	fseek(fp, 4096, SEEK_SET);
	for (long i = 4096; i < size; i++)
		fputc((int)((i * 31) & 0xff), fp);
	fclose(fp);
}

static void test_damaged_pages_moved_aside(void **state)
{
	struct fx *f = *state;
	char moved[256], err[256];

	damage_store(f);
	assert_int_equal(store_open(&f->s, f->db, moved, sizeof(moved), err,
				    sizeof(err)), 0);
	assert_true(moved[0] != '\0');
	assert_int_equal(store_count(f->s), 0);
}

/*
 * store_open_unchecked(): the same damaged store opens, its check waits;
 * store_check() and the first write find it corrupt, and store_open()
 * then moves it aside.
 */
static void test_unchecked_damaged_caught_before_write(void **state)
{
	struct fx *f = *state;
	char moved[256], err[256];

	damage_store(f);
	assert_int_equal(store_open_unchecked(&f->s, f->db, moved,
					      sizeof(moved), err, sizeof(err)),
			 0);
	assert_string_equal(moved, "");
	assert_int_equal(store_begin(f->s), -1);
	assert_true(store_last_corrupt(f->s));
	assert_int_equal(store_check(f->s), -1);
	assert_true(store_last_corrupt(f->s));
	store_close(f->s);
	f->s = NULL;
	assert_int_equal(store_open(&f->s, f->db, moved, sizeof(moved), err,
				    sizeof(err)), 0);
	assert_true(moved[0] != '\0');
	assert_int_equal(store_count(f->s), 0);
}

/* A healthy store opened unchecked reads, passes its check once, writes. */
static void test_unchecked_healthy(void **state)
{
	struct fx *f = *state;
	struct lease v[3];
	struct lease_vec got = { 0 };
	char moved[256], err[256];

	open_ok(f);
	for (unsigned int i = 0; i < 3; i++)
		v[i] = mk(i, 2000000000);
	upsert_all(f->s, v, 3);
	store_close(f->s);
	f->s = NULL;
	assert_int_equal(store_open_unchecked(&f->s, f->db, moved,
					      sizeof(moved), err, sizeof(err)),
			 0);
	assert_int_equal(store_load_vec(f->s, &got), 0);
	assert_int_equal(got.n, 3);
	assert_int_equal(store_check(f->s), 0);
	assert_int_equal(store_check(f->s), 0);
	assert_int_equal(store_drop_expired(f->s, 1, NULL), 0);
	assert_int_equal(store_count(f->s), 3);
	lease_vec_free(&got);
}

static void test_batch_10k_one_transaction(void **state)
{
	struct fx *f = *state;
	struct pending p;
	struct lease l;
	sqlite3 *h;
	sqlite3_stmt *st;
	int64_t before, after;

	open_ok(f);
	assert_int_equal(pending_init(&p), 0);
	for (unsigned int i = 0; i < 10000; i++) {
		l = mk(i, 2000000000);
		assert_int_equal(pending_put(&p, &l), 0);
	}
	/* Repeated events for a key cost nothing more. */
	for (unsigned int i = 0; i < 10000; i += 2) {
		l = mk(i, 2000000500);
		assert_int_equal(pending_put(&p, &l), 0);
	}
	assert_int_equal(pending_count(&p), 10000);
	/* Count commits through the WAL's frame counter: one per flush. */
	assert_int_equal(sqlite3_open(f->db, &h), SQLITE_OK);
	sqlite3_prepare_v2(h, "PRAGMA data_version", -1, &st, NULL);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	before = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	assert_int_equal(pending_flush(&p, f->s), 0);
	assert_int_equal(pending_count(&p), 0);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	after = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
	assert_int_equal(after - before, 1);	/* one transaction */
	assert_int_equal(store_count(f->s), 10000);
	pending_free(&p);
}

static void test_pending_latest_state(void **state)
{
	struct fx *f = *state;
	struct pending p;
	struct lease a = mk(1, 2000000000), b = mk(2, 2000000000), out;
	struct lease_vec got = { 0 };
	int is_del;

	open_ok(f);
	upsert_all(f->s, &b, 1);
	assert_int_equal(pending_init(&p), 0);
	assert_int_equal(pending_put(&p, &a), 0);
	assert_int_equal(pending_del(&p, &a), 0);	/* released */
	a.addr = htonl(0x0a000009);
	assert_int_equal(pending_put(&p, &a), 0);	/* and back */
	assert_int_equal(pending_del(&p, &b), 0);
	assert_int_equal(pending_count(&p), 2);
	assert_int_equal(pending_get(&p, &a, &is_del, &out), 1);
	assert_false(is_del);
	assert_int_equal(out.addr, a.addr);
	assert_int_equal(pending_flush(&p, f->s), 0);
	load(f->s, &got);
	assert_int_equal(got.n, 1);
	assert_lease_equal(&got.v[0], &a);
	/* A failed flush keeps the batch. */
	assert_int_equal(pending_put(&p, &b), 0);
	assert_int_equal(store_begin(f->s), 0);	/* nested BEGIN fails */
	assert_int_equal(pending_flush(&p, f->s), -1);
	assert_int_equal(pending_count(&p), 1);
	store_rollback(f->s);
	assert_int_equal(pending_flush(&p, f->s), 0);
	assert_int_equal(store_count(f->s), 2);
	pending_free(&p);
	lease_vec_free(&got);
}

/*
 * A store written by an l2rad of schema 1 (before static bindings): its
 * table as that l2rad created it, two rows in it.  Opened, it is migrated
 * to the current schema and keeps both leases, as learned ones (flags 0),
 * which then expire as before.
 */
static void test_migrate_v1_keeps_leases(void **state)
{
	struct fx *f = *state;
	struct lease v[2] = { mk(1, 2000000000), mk(2, 100) };
	struct lease_vec got = { 0 };
	char sql[512];
	sqlite3 *h;

	assert_int_equal(sqlite3_open(f->db, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h,
		"PRAGMA journal_mode = WAL;"
		"CREATE TABLE leases ("
		" mac BLOB NOT NULL CHECK (length(mac) = 6),"
		" vid INTEGER NOT NULL CHECK (vid BETWEEN 0 AND 4094),"
		" addr INTEGER NOT NULL, expires_at INTEGER NOT NULL,"
		" lease_time INTEGER NOT NULL, server_id INTEGER NOT NULL,"
		" cltt INTEGER NOT NULL, port TEXT NOT NULL,"
		" bridge TEXT NOT NULL, circuit_id BLOB NOT NULL,"
		" PRIMARY KEY (mac, vid)) WITHOUT ROWID;"
		"CREATE INDEX leases_expires ON leases (expires_at);"
		"PRAGMA user_version = 1;", NULL, NULL, NULL), SQLITE_OK);
	for (unsigned int i = 0; i < 2; i++) {
		const struct lease *l = &v[i];

		snprintf(sql, sizeof(sql),
			 "INSERT INTO leases VALUES (x'%02x%02x%02x%02x%02x%02x', %u, %u, %lld, %u, %u, %lld, '%s', '%s', CAST('%.*s' AS BLOB))",
			 l->mac[0], l->mac[1], l->mac[2], l->mac[3], l->mac[4],
			 l->mac[5], l->vid, ntohl(l->addr),
			 (long long)l->expires_at, l->lease_time,
			 ntohl(l->server_id), (long long)l->cltt, l->port,
			 l->bridge, l->circuit_id_len,
			 (const char *)l->circuit_id);
		assert_int_equal(sqlite3_exec(h, sql, NULL, NULL, NULL),
				 SQLITE_OK);
	}
	sqlite3_close(h);

	open_ok(f);
	assert_int_equal(store_schema_version(f->s), STORE_SCHEMA_VERSION);
	load(f->s, &got);
	assert_int_equal(got.n, 2);
	lease_vec_sort(&got);
	assert_lease_equal(&got.v[0], &v[0]);	/* flags 0 included */
	assert_lease_equal(&got.v[1], &v[1]);
	/* Learned leases: the expired one goes, as it always did. */
	assert_int_equal(store_count_unexpired(f->s, 200), 1);
	assert_int_equal(store_drop_expired(f->s, 200, NULL), 0);
	assert_int_equal(store_count(f->s), 1);
	reopen(f);	/* migrated once: opened again, nothing to do */
	assert_int_equal(store_schema_version(f->s), STORE_SCHEMA_VERSION);
	assert_int_equal(store_count(f->s), 1);
	lease_vec_free(&got);
}

/* A static binding and a learned lease of the same port, stored and read. */
static void test_static_round_trip(void **state)
{
	struct fx *f = *state;
	struct lease v[2] = { mk_static(1, LEASE_NEVER), mk(2, 2000000000) };
	struct lease_vec got = { 0 };
	uint32_t flags = 99;
	int64_t cltt;

	open_ok(f);
	upsert_all(f->s, v, 2);
	reopen(f);
	load(f->s, &got);
	assert_int_equal(got.n, 2);
	lease_vec_sort(&got);
	assert_lease_equal(&got.v[0], &v[0]);
	assert_lease_equal(&got.v[1], &v[1]);
	assert_true(lease_is_static(&got.v[0]));
	assert_false(lease_is_static(&got.v[1]));
	assert_int_equal(store_cltt(f->s, v[0].mac, v[0].vid, &cltt, &flags), 1);
	assert_int_equal(flags, L2RA_LEASE_F_STATIC);
	assert_int_equal(store_cltt(f->s, v[1].mac, v[1].vid, &cltt, &flags), 1);
	assert_int_equal(flags, 0);
	/* A learned lease of the key replaces it only by an upsert. */
	v[0].flags = 0;
	upsert_all(f->s, v, 1);
	assert_int_equal(store_cltt(f->s, v[0].mac, v[0].vid, &cltt, &flags), 1);
	assert_int_equal(flags, 0);
	lease_vec_free(&got);
}

/*
 * A static binding never expires, whatever expires_at it holds (one from
 * an older l2rad, or one of long ago): store_drop_expired() leaves it,
 * lease_expired() says no, it has the kernel's "never" left to install,
 * and it does not count as a learned lease for the Bulk Leasequery's
 * "store holds no unexpired lease".
 */
static void test_static_not_pruned(void **state)
{
	struct fx *f = *state;
	struct lease v[3] = { mk_static(1, 100), mk(2, 100),
			      mk_static(3, LEASE_NEVER) };
	struct lease_vec got = { 0 };
	unsigned int n = 99;
	bool clamped = true;

	assert_false(lease_expired(&v[0], 2000000000));
	assert_true(lease_expired(&v[1], 2000000000));
	assert_int_equal(lease_left(&v[0], 2000000000, &clamped), UINT32_MAX);
	assert_false(clamped);
	assert_true(lease_left(&v[1], 2000000000, &clamped) <= 0);
	open_ok(f);
	upsert_all(f->s, v, 3);
	assert_int_equal(store_count_unexpired(f->s, 200), 0);
	assert_int_equal(store_drop_expired(f->s, 2000000000, &n), 0);
	assert_int_equal(n, 1);
	reopen(f);
	load(f->s, &got);
	assert_int_equal(got.n, 2);
	lease_vec_sort(&got);
	assert_lease_equal(&got.v[0], &v[0]);
	assert_lease_equal(&got.v[1], &v[2]);
	lease_vec_free(&got);
}

/*
 * A Bulk Leasequery binding does not replace a stored static binding,
 * however recent its last transaction: the static binding wins.
 */
static void test_upsert_newer_keeps_static(void **state)
{
	struct fx *f = *state;
	struct lease st = mk_static(1, LEASE_NEVER), srv = mk(1, 2000000000);
	struct lease dyn = mk(2, 2000000000), dsrv = mk(2, 2000000000);
	struct lease_vec got = { 0 };
	bool w = true;

	open_ok(f);
	st.cltt = 100;
	dyn.cltt = 100;
	upsert_all(f->s, &st, 1);
	upsert_all(f->s, &dyn, 1);
	srv.cltt = dsrv.cltt = 500;
	srv.addr = dsrv.addr = htonl(0x0a000009);
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_upsert_newer(f->s, &srv, &w), 0);
	assert_false(w);
	assert_int_equal(store_upsert_newer(f->s, &dsrv, &w), 0);
	assert_true(w);		/* a learned one: the newer wins, as before */
	assert_int_equal(store_commit(f->s), 0);
	load(f->s, &got);
	assert_int_equal(got.n, 2);
	lease_vec_sort(&got);
	assert_lease_equal(&got.v[0], &st);
	assert_lease_equal(&got.v[1], &dsrv);
	lease_vec_free(&got);
}

/* ---- IPv6 bindings (schema 3, table leases6) ---- */

/* IPv6 binding @k: 2001:db8::@k, or with @plen the prefix 2001:db8:@k::. */
static struct lease mk6(unsigned int k, uint8_t plen, int64_t expires_at)
{
	struct lease l = mk(k, expires_at);

	l.v6 = true;
	l.addr = l.server_id = 0;
	memset(l.addr6, 0, sizeof(l.addr6));
	l.addr6[0] = 0x20;
	l.addr6[1] = 0x01;
	l.addr6[2] = 0x0d;
	l.addr6[3] = 0xb8;
	if (plen) {
		l.addr6[4] = (uint8_t)(k >> 8);
		l.addr6[5] = (uint8_t)k;
	} else {
		l.addr6[14] = (uint8_t)(k >> 8);
		l.addr6[15] = (uint8_t)k;
	}
	l.prefix_len = plen;
	l.preferred = 1800;
	if (k & 1)
		memset(l.mac, 0, sizeof(l.mac));	/* unknown */
	return l;
}

static void assert_lease6_equal(const struct lease *a, const struct lease *b)
{
	assert_true(a->v6);
	assert_true(b->v6);
	assert_memory_equal(a->addr6, b->addr6, 16);
	assert_int_equal(a->prefix_len, b->prefix_len);
	assert_int_equal(a->preferred, b->preferred);
	assert_lease_equal(a, b);
}

/*
 * IPv6 bindings and IPv4 leases side by side: upserted, loaded (IPv4
 * first, each in key order), replaced, deleted by their own keys; an
 * address and a /128 prefix of the same bits, or the same prefix on two
 * VLANs, are different bindings.
 */
static void test_v6_upsert_delete_load(void **state)
{
	struct fx *f = *state;
	struct lease v[6] = { mk(1, 2000000000), mk6(2, 0, 2000000000),
			      mk6(3, 56, 2000000000), mk6(2, 128, 2000000000),
			      mk6(3, 56, 2000000000), mk(4, 2000000000) };
	struct lease_vec got = { 0 };
	uint32_t flags;
	int64_t cltt;
	bool w;

	v[4].vid = (uint16_t)(v[2].vid + 1);
	memcpy(v[3].addr6, v[1].addr6, 16);
	open_ok(f);
	assert_int_equal(store_begin(f->s), 0);
	for (unsigned int i = 0; i < 6; i++)
		assert_int_equal(store_upsert(f->s, &v[i]), 0);
	assert_int_equal(store_commit(f->s), 0);
	assert_int_equal(store_count(f->s), 6);
	reopen(f);
	load(f->s, &got);
	assert_int_equal(got.n, 6);
	/* The load order is the key order: IPv4 first. */
	for (size_t i = 1; i < got.n; i++)
		assert_true(lease_key_cmp(&got.v[i - 1], &got.v[i]) < 0);
	assert_false(got.v[1].v6);
	assert_true(got.v[2].v6);
	lease_vec_sort(&got);
	for (unsigned int i = 0; i < 6; i++) {
		const struct lease *g = lease_vec_find(&got, &v[i]);

		assert_non_null(g);
		if (v[i].v6)
			assert_lease6_equal(g, &v[i]);
		else
			assert_lease_equal(g, &v[i]);
	}
	/* Replaced by key: a new MAC, lifetimes and port. */
	v[1].preferred = 60;
	v[1].mac[5] = 0x77;
	snprintf(v[1].port, sizeof(v[1].port), "eth9");
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_upsert(f->s, &v[1]), 0);
	assert_int_equal(store_commit(f->s), 0);
	got.n = 0;
	load(f->s, &got);
	assert_int_equal(got.n, 6);
	assert_lease6_equal(lease_vec_find(&got, &v[1]), &v[1]);
	/* The point lookup of the restore from the servers. */
	assert_int_equal(store_cltt_key(f->s, &v[3], &cltt, &flags), 1);
	assert_int_equal(cltt, v[3].cltt);
	v[3].prefix_len = 64;
	assert_int_equal(store_cltt_key(f->s, &v[3], &cltt, &flags), 0);
	v[3].prefix_len = 128;
	/* Newer only over an older cltt. */
	v[2].cltt -= 10;
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_upsert_newer(f->s, &v[2], &w), 0);
	assert_false(w);
	v[2].cltt += 20;
	assert_int_equal(store_upsert_newer(f->s, &v[2], &w), 0);
	assert_true(w);
	/* Deleted by their own key only. */
	assert_int_equal(store_delete_key(f->s, &v[4]), 0);
	assert_int_equal(store_delete_key(f->s, &v[0]), 0);
	assert_int_equal(store_commit(f->s), 0);
	assert_int_equal(store_count(f->s), 4);
	assert_int_equal(store_cltt_key(f->s, &v[2], &cltt, &flags), 1);
	assert_int_equal(cltt, v[2].cltt);
	assert_int_equal(store_cltt_key(f->s, &v[4], &cltt, &flags), 0);
	/* replace_all clears both tables. */
	assert_int_equal(store_replace_all(f->s, &v[5], 1), 0);
	assert_int_equal(store_count(f->s), 1);
	lease_vec_free(&got);
}

/* @sql through a connection of its own, as sqlite3 would while l2rad is stopped. */
static void other_exec(struct fx *f, const char *sql)
{
	sqlite3 *h;

	if (f->s) {
		store_close(f->s);
		f->s = NULL;
	}
	assert_int_equal(sqlite3_open(f->db, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
}

/*
 * The brief read: every field but bridge and circuit_id, in key order;
 * store_detail() and store_detail_vec() read those two, for IPv4 leases
 * and IPv6 bindings; a row gone meanwhile leaves them empty; a brief
 * lease is never written.
 */
static void test_brief_load_and_detail(void **state)
{
	struct fx *f = *state;
	struct lease v[5] = { mk(1, 2000000000), mk(2, 2000000000),
			      mk6(3, 0, 2000000000), mk6(4, 56, 2000000000),
			      mk(5, 2000000000) };
	struct lease_vec got = { 0 };
	struct lease l;
	bool w;

	v[1].flags = L2RA_LEASE_F_STATIC;
	v[4].circuit_id_len = 0;
	open_ok(f);
	upsert_all(f->s, v, 5);
	/* Records cleared: the columns are read. */
	other_exec(f, "UPDATE leases SET rec = NULL");
	open_ok(f);
	assert_int_equal(store_load_vec_brief(f->s, &got), 0);
	assert_false(store_read_recs(f->s));
	assert_int_equal(got.n, 5);
	for (size_t i = 1; i < got.n; i++)
		assert_true(lease_key_cmp(&got.v[i - 1], &got.v[i]) < 0);
	for (size_t i = 0; i < got.n; i++) {
		const struct lease *g = &got.v[i];
		const struct lease *o = NULL;

		for (unsigned int k = 0; k < 5; k++)
			if (lease_same_key(&v[k], g))
				o = &v[k];
		assert_non_null(o);
		assert_true(g->brief);
		assert_string_equal(g->bridge, "");
		assert_int_equal(g->circuit_id_len, 0);
		/* The rest as stored: with its detail, a full lease. */
		l = *g;
		snprintf(l.bridge, sizeof(l.bridge), "%s", o->bridge);
		l.circuit_id_len = o->circuit_id_len;
		memcpy(l.circuit_id, o->circuit_id, o->circuit_id_len);
		if (o->v6)
			assert_lease6_equal(&l, o);
		else
			assert_lease_equal(&l, o);
	}
	/* Written, a brief lease would erase its detail: refused. */
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_upsert(f->s, &got.v[0]), -1);
	assert_false(store_last_corrupt(f->s));
	assert_non_null(strstr(store_errmsg(f->s), "bridge and circuit-id"));
	assert_int_equal(store_upsert_newer(f->s, &got.v[0], &w), -1);
	store_rollback(f->s);
	/* One lease's detail; a full one is left alone. */
	l = got.v[3];
	assert_true(l.v6);
	assert_int_equal(store_detail(f->s, &l), 0);
	assert_false(l.brief);
	assert_lease6_equal(&l, lease_same_key(&l, &v[2]) ? &v[2] : &v[3]);
	snprintf(l.bridge, sizeof(l.bridge), "kept");
	assert_int_equal(store_detail(f->s, &l), 0);
	assert_string_equal(l.bridge, "kept");
	/* All at once, but for a row deleted since. */
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_delete_key(f->s, &v[1]), 0);
	assert_int_equal(store_commit(f->s), 0);
	snprintf(got.v[1].bridge, sizeof(got.v[1].bridge), "x");
	assert_int_equal(store_detail_vec(f->s, &got), 0);
	for (size_t i = 0; i < got.n; i++) {
		const struct lease *g = &got.v[i];

		assert_false(g->brief);
		if (lease_same_key(g, &v[1])) {
			assert_string_equal(g->bridge, "");
			assert_int_equal(g->circuit_id_len, 0);
		} else if (g->v6) {
			assert_lease6_equal(g, lease_same_key(g, &v[2]) ?
					       &v[2] : &v[3]);
		} else {
			assert_lease_equal(g, lease_same_key(g, &v[0]) ?
					      &v[0] : &v[4]);
		}
	}
	/* A row gone: its lease has nothing more to learn, and is full. */
	l = got.v[1];
	l.brief = true;
	assert_int_equal(store_detail(f->s, &l), 0);
	assert_false(l.brief);
	assert_int_equal(l.circuit_id_len, 0);
	lease_vec_free(&got);
}

/* A failing read of the detail is an error, not an empty detail. */
static void test_brief_detail_errors(void **state)
{
	struct fx *f = *state;
	struct lease v[2] = { mk(1, 2000000000), mk6(2, 0, 2000000000) };
	struct lease_vec got = { 0 };
	sqlite3 *h;

	open_ok(f);
	upsert_all(f->s, v, 2);
	other_exec(f, "UPDATE leases6 SET rec = NULL");
	open_ok(f);
	assert_int_equal(store_load_vec_brief(f->s, &got), 0);
	assert_int_equal(got.n, 2);
	assert_true(store_any_brief(&got));
	/* Another hand renames the column under the prepared statements. */
	assert_int_equal(sqlite3_open(f->db, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h,
		"ALTER TABLE leases RENAME COLUMN circuit_id TO cid;"
		"ALTER TABLE leases6 RENAME COLUMN circuit_id TO cid;",
		NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
	for (size_t i = 0; i < 2; i++) {
		struct lease l = got.v[i];

		assert_int_equal(store_detail(f->s, &l), -1);
		assert_true(l.brief);
		assert_non_null(strstr(store_errmsg(f->s), "detail"));
		assert_false(store_last_corrupt(f->s));
	}
	assert_int_equal(store_detail_vec(f->s, &got), -1);
	assert_non_null(strstr(store_errmsg(f->s), "detail"));
	assert_true(got.v[0].brief);
	lease_vec_free(&got);
}

/* @sql's single integer through a connection of its own. */
static long other_int(struct fx *f, const char *sql)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	long v;

	assert_int_equal(sqlite3_open(f->db, &h), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
	return v;
}

static int image_rows(struct fx *f)
{
	return (int)other_int(f, "SELECT (SELECT count(*) FROM restore_image)"
			      " + 10 * (SELECT count(*) FROM sqlite_schema"
			      " WHERE type = 'trigger' AND name LIKE '%image%')");
}

/*
 * The restore image: written at a clean stop, read back at the next start
 * in full (bridge and circuit-id: nothing brief), and gone with l2rad's
 * first write.
 */
static void test_image(void **state)
{
	struct fx *f = *state;
	struct lease v[3] = { mk(1, 2000000000), mk(2, 2000000000),
			      mk6(3, 0, 2000000000) };
	struct lease_vec got = { 0 };
	size_t n;

	open_ok(f);
	assert_int_equal(store_load_image(f->s, &got), 0);
	assert_int_equal(got.n, 0);
	upsert_all(f->s, v, 3);
	assert_int_equal(store_save_image(f->s, &n), 0);
	assert_int_equal(n, 3);
	/* The image and its six triggers. */
	assert_int_equal(image_rows(f), 61);
	reopen(f);
	assert_int_equal(store_load_image(f->s, &got), 1);
	assert_int_equal(got.n, 3);
	for (int i = 0; i < 3; i++) {
		assert_lease_equal(&got.v[i], &v[i]);
		assert_false(got.v[i].brief);
	}
	assert_true(got.v[2].v6);
	assert_memory_equal(got.v[2].addr6, v[2].addr6, 16);
	assert_int_equal(got.v[2].preferred, v[2].preferred);
	assert_false(store_any_brief(&got));
	/* Appended: what the vector held stays. */
	assert_int_equal(store_load_image(f->s, &got), 1);
	assert_int_equal(got.n, 6);
	assert_lease_equal(&got.v[3], &v[0]);
	/* l2rad's first write: image and triggers gone, in one go. */
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_commit(f->s), 0);
	assert_int_equal(image_rows(f), 0);
	got.n = 0;
	assert_int_equal(store_load_image(f->s, &got), 0);
	assert_int_equal(got.n, 0);
	/* A second image of the same process; an empty store's too. */
	assert_int_equal(store_save_image(f->s, &n), 0);
	assert_int_equal(store_save_image(f->s, &n), 0);
	assert_int_equal(image_rows(f), 61);
	assert_int_equal(store_replace_all(f->s, NULL, 0), 0);
	assert_int_equal(store_save_image(f->s, &n), 0);
	assert_int_equal(n, 0);
	reopen(f);
	assert_int_equal(store_load_image(f->s, &got), 1);
	assert_int_equal(got.n, 0);
	lease_vec_free(&got);
}

/*
 * Any change to a lease while l2rad is stopped (sqlite3, another
 * connection) deletes the image: each of INSERT, UPDATE and DELETE, on
 * each table.  A change to nothing keeps it.
 */
static void test_image_triggers(void **state)
{
	static const char *const change[] = {
		"INSERT INTO leases (mac, vid, addr, expires_at, lease_time, server_id, cltt, port, bridge, circuit_id, flags)"
		" SELECT x'020000000099', 7, addr, expires_at, lease_time, server_id, cltt, port, bridge, circuit_id, flags FROM leases LIMIT 1",
		"UPDATE leases SET port = 'x' WHERE vid = 1",
		"DELETE FROM leases WHERE vid = 2",
		"INSERT INTO leases6 (addr6, prefix_len, vid, mac, expires_at, lease_time, preferred, cltt, port, bridge, circuit_id, flags)"
		" SELECT addr6, 64, vid, mac, expires_at, lease_time, preferred, cltt, port, bridge, circuit_id, flags FROM leases6 LIMIT 1",
		"UPDATE leases6 SET cltt = cltt + 1",
		"DELETE FROM leases6",
	};
	struct fx *f = *state;
	struct lease v[3] = { mk(1, 2000000000), mk(2, 2000000000),
			      mk6(3, 0, 2000000000) };
	struct lease_vec got = { 0 };
	size_t n;

	for (size_t i = 0; i < sizeof(change) / sizeof(change[0]); i++) {
		open_ok(f);
		assert_int_equal(store_replace_all(f->s, v, 3), 0);
		assert_int_equal(store_save_image(f->s, &n), 0);
		/* Nothing changed: the image stays. */
		other_exec(f, "UPDATE leases SET port = 'y' WHERE vid = 4000");
		open_ok(f);
		got.n = 0;
		assert_int_equal(store_load_image(f->s, &got), 1);
		other_exec(f, change[i]);
		open_ok(f);
		got.n = 0;
		assert_int_equal(store_load_image(f->s, &got), 0);
		/* The rows are what is left to read. */
		load(f->s, &got);
		assert_int_not_equal(got.n, 0);
		store_close(f->s);
		f->s = NULL;
	}
	lease_vec_free(&got);
}

/* An image that does not decode: -2, why, the vector as it was, the rows. */
static void test_image_corrupt(void **state)
{
	static const char *const spoil[] = {
		/* a flipped octet in the body: the checksum */
		"UPDATE restore_image SET data = substr(data, 1, 30) || x'ff' || substr(data, 32)",
		/* cut short */
		"UPDATE restore_image SET data = substr(data, 1, length(data) - 1)",
		/* another format version */
		"UPDATE restore_image SET data = substr(data, 1, 4) || x'0200' || substr(data, 7)",
		/* not an image at all */
		"UPDATE restore_image SET data = x'00'",
	};
	struct fx *f = *state;
	struct lease v[2] = { mk(1, 2000000000), mk6(3, 0, 2000000000) };
	struct lease_vec got = { 0 };
	size_t n;

	for (size_t i = 0; i < sizeof(spoil) / sizeof(spoil[0]); i++) {
		open_ok(f);
		assert_int_equal(store_replace_all(f->s, v, 2), 0);
		assert_int_equal(store_save_image(f->s, &n), 0);
		/* The triggers watch the leases, not the image. */
		other_exec(f, spoil[i]);
		open_ok(f);
		got.n = 0;	/* one already there */
		assert_int_equal(lease_vec_push(&got, &v[0]), 0);
		assert_int_equal(store_load_image(f->s, &got), -2);
		assert_int_equal(got.n, 1);
		assert_non_null(strstr(store_errmsg(f->s), "image of"));
		/* Said once: a retried restore reads the rows quietly. */
		assert_int_equal(store_load_image(f->s, &got), 0);
		assert_int_equal(got.n, 1);
		load(f->s, &got);
		assert_int_equal(got.n, 2);
		assert_lease_equal(&got.v[0], &v[0]);
		store_close(f->s);
		f->s = NULL;
	}
	lease_vec_free(&got);
}

/*
 * A store of schema 3 gets the image's table, in the same transaction as
 * user_version: one that cannot be created leaves it at 3, leases kept.
 */
static void test_migrate_v3_to_v4(void **state)
{
	struct fx *f = *state;
	struct lease v[2] = { mk(5, 2000000000), mk6(6, 60, 2000000000) };
	struct lease_vec got = { 0 };
	char moved[256], err[256];
	size_t n;

	open_ok(f);
	assert_int_equal(store_replace_all(f->s, v, 2), 0);
	/* What an l2rad of schema 3 left. */
	other_exec(f, BACK_TO_V4 "DROP TABLE restore_image;"
		   "PRAGMA user_version = 3;");
	open_ok(f);
	assert_int_equal(store_schema_version(f->s), STORE_SCHEMA_VERSION);
	assert_int_equal(store_load_image(f->s, &got), 0);
	load(f->s, &got);
	assert_int_equal(got.n, 2);
	assert_int_equal(store_save_image(f->s, &n), 0);
	assert_int_equal(n, 2);
	/* The table's name taken: the migration fails as a whole. */
	other_exec(f, BACK_TO_V4 "DROP TABLE restore_image;"
		   "CREATE VIEW restore_image AS SELECT 1;"
		   "PRAGMA user_version = 3;");
	assert_int_equal(store_open(&f->s, f->db, moved, sizeof(moved), err,
				    sizeof(err)), -1);
	assert_non_null(strstr(err, "restore_image"));
	{
		sqlite3 *h;
		sqlite3_stmt *st;

		assert_int_equal(sqlite3_open(f->db, &h), SQLITE_OK);
		assert_int_equal(sqlite3_prepare_v2(h, "SELECT (SELECT user_version FROM pragma_user_version),"
						    " (SELECT count(*) FROM leases) + (SELECT count(*) FROM leases6)",
						    -1, &st, NULL), SQLITE_OK);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		assert_int_equal(sqlite3_column_int(st, 0), 3);
		assert_int_equal(sqlite3_column_int(st, 1), 2);
		sqlite3_finalize(st);
		sqlite3_close(h);
	}
	lease_vec_free(&got);
}

/* Expiry, the newest cltt and the unexpired count see both tables. */
static void test_v6_expiry(void **state)
{
	struct fx *f = *state;
	struct lease v[4] = { mk6(1, 0, 100), mk6(2, 48, 300), mk(3, 100),
			      mk6(4, 0, 100) };
	unsigned int n;

	v[3].flags = L2RA_LEASE_F_STATIC;
	v[3].expires_at = LEASE_NEVER;
	v[1].cltt = 5000;
	open_ok(f);
	assert_int_equal(store_replace_all(f->s, v, 4), 0);
	assert_int_equal(store_newest_cltt(f->s), 5000);
	assert_int_equal(store_count_unexpired(f->s, 200), 1);
	assert_int_equal(store_drop_expired(f->s, 200, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(store_count(f->s), 2);	/* v[1] and the static v[3] */
	assert_int_equal(store_drop_expired(f->s, 400, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(store_count(f->s), 1);
}

/* A store of schema 2 (IPv4 only) is migrated and keeps its leases. */
static void test_migrate_v2_to_v3(void **state)
{
	struct fx *f = *state;
	struct lease l = mk(5, 2000000000), l6 = mk6(6, 60, 2000000000);
	struct lease_vec got = { 0 };
	char moved[256], err[256];
	sqlite3 *h;

	open_ok(f);
	assert_int_equal(store_replace_all(f->s, &l, 1), 0);
	store_close(f->s);
	f->s = NULL;
	/* Back to what an l2rad of schema 2 left. */
	assert_int_equal(sqlite3_open(f->db, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, BACK_TO_V4 "DROP TABLE leases6;"
				      "DROP TABLE restore_image;"
				      "PRAGMA user_version = 2;", NULL, NULL,
				      NULL), SQLITE_OK);
	sqlite3_close(h);
	open_ok(f);
	assert_int_equal(store_schema_version(f->s), STORE_SCHEMA_VERSION);
	load(f->s, &got);
	assert_int_equal(got.n, 1);
	assert_lease_equal(&got.v[0], &l);
	assert_int_equal(store_replace_all(f->s, &l6, 1), 0);
	store_close(f->s);
	f->s = NULL;
	/* A migration that cannot run leaves the store at schema 2. */
	assert_int_equal(sqlite3_open(f->db, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, BACK_TO_V4 "DROP TABLE leases6;"
				      "DROP TABLE restore_image;"
				      "CREATE VIEW leases6 AS SELECT 1;"
				      "PRAGMA user_version = 2;", NULL, NULL,
				      NULL), SQLITE_OK);
	sqlite3_close(h);
	assert_int_equal(store_open(&f->s, f->db, moved, sizeof(moved), err,
				    sizeof(err)), -1);
	assert_non_null(strstr(err, "leases6"));
	assert_int_equal(sqlite3_open(f->db, &h), SQLITE_OK);
	{
		sqlite3_stmt *st;

		assert_int_equal(sqlite3_prepare_v2(h, "PRAGMA user_version",
						    -1, &st, NULL), SQLITE_OK);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		assert_int_equal(sqlite3_column_int(st, 0), 2);
		sqlite3_finalize(st);
	}
	sqlite3_close(h);
	lease_vec_free(&got);
}

/* The write-delay batch keys IPv6 bindings by their own key. */
static void test_v6_pending(void **state)
{
	struct fx *f = *state;
	struct lease a = mk6(7, 0, 2000000000), b = mk6(7, 64, 2000000000);
	struct lease c = mk(7, 2000000000), out;
	struct pending p;
	int del;

	open_ok(f);
	assert_int_equal(pending_init(&p), 0);
	assert_int_equal(pending_put(&p, &a), 0);
	assert_int_equal(pending_put(&p, &b), 0);
	assert_int_equal(pending_put(&p, &c), 0);
	assert_int_equal(pending_count(&p), 3);
	assert_int_equal(pending_flush(&p, f->s), 0);
	assert_int_equal(store_count(f->s), 3);
	assert_int_equal(pending_del(&p, &a), 0);
	assert_int_equal(pending_get(&p, &b, &del, &out), 0);
	assert_int_equal(pending_get(&p, &a, &del, &out), 1);
	assert_true(del);
	assert_int_equal(pending_flush(&p, f->s), 0);
	assert_int_equal(store_count(f->s), 2);
	pending_free(&p);
}

/* Every lease of @got equal to the one of its key in @v (@n), none brief. */
static void assert_same_leases(const struct lease_vec *got,
			       const struct lease *v, size_t n)
{
	assert_int_equal(got->n, n);
	for (size_t i = 0; i < got->n; i++) {
		const struct lease *g = &got->v[i], *o = NULL;

		for (size_t k = 0; k < n; k++)
			if (lease_same_key(&v[k], g))
				o = &v[k];
		assert_non_null(o);
		assert_false(g->brief);
		if (o->v6)
			assert_lease6_equal(g, o);
		else
			assert_lease_equal(g, o);
	}
}

/*
 * @got emptied and filled by store_load_vec(): from the records if @recs,
 * else from the columns; the leases those of @v (@n).
 */
static void assert_loads(struct fx *f, struct lease_vec *got, bool recs,
			 const struct lease *v, size_t n)
{
	got->n = 0;
	assert_int_equal(store_load_vec(f->s, got), 0);
	assert_int_equal(store_read_recs(f->s), recs);
	assert_same_leases(got, v, n);
}

#define NOREC "SELECT (SELECT count(*) FROM leases WHERE rec IS NULL)" \
	" + (SELECT count(*) FROM leases6 WHERE rec IS NULL)"

/*
 * Schema 5's records: read instead of the columns, in full, when every
 * row has a good one; an UPDATE through sqlite3 clears the record of the
 * rows it changes (the trigger), l2rad's own writes keep them, and
 * store_fill_recs() writes the missing or bad ones.
 */
static void test_records(void **state)
{
	struct fx *f = *state;
	struct lease v[4] = { mk(1, 2000000000), mk(2, 2000000000),
			      mk6(3, 0, 2000000000), mk6(4, 56, 2000000000) };
	struct lease_vec got = { 0 };
	size_t n;
	bool w;

	v[1].flags = L2RA_LEASE_F_STATIC;
	v[3].circuit_id_len = 0;
	open_ok(f);
	upsert_all(f->s, v, 4);
	/* Rewritten, and "newer" written or not: a record each time. */
	v[0].cltt += 10;
	v[0].expires_at += 10;
	v[2].cltt -= 10;
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_upsert(f->s, &v[0]), 0);
	assert_int_equal(store_upsert_newer(f->s, &v[2], &w), 0);
	assert_false(w);
	v[2].cltt += 10;
	v[3].cltt += 10;
	assert_int_equal(store_upsert_newer(f->s, &v[3], &w), 0);
	assert_true(w);
	assert_int_equal(store_commit(f->s), 0);
	reopen(f);
	assert_int_equal(other_int(f, NOREC), 0);
	assert_int_equal(store_load_vec_brief(f->s, &got), 0);
	assert_true(store_read_recs(f->s));
	assert_same_leases(&got, v, 4);
	assert_loads(f, &got, true, v, 4);

	/* A change through sqlite3: that row's record goes, columns read. */
	other_exec(f, "UPDATE leases6 SET port = 'eth9' WHERE prefix_len = 56");
	assert_int_equal(other_int(f, NOREC), 1);
	snprintf(v[3].port, sizeof(v[3].port), "eth9");
	open_ok(f);
	assert_loads(f, &got, false, v, 4);
	/* Written again at the clean stop: the records are read. */
	assert_int_equal(store_fill_recs(f->s, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(other_int(f, NOREC), 0);
	got.n = 0;
	assert_int_equal(store_load_vec_brief(f->s, &got), 0);
	assert_true(store_read_recs(f->s));
	assert_same_leases(&got, v, 4);
	assert_int_equal(store_fill_recs(f->s, &n), 0);
	assert_int_equal(n, 0);

	/*
	 * Records that do not decode, or not to a lease of their table: the
	 * columns are read, and each of them is written again.
	 */
	other_exec(f, "UPDATE leases SET rec = x'01' WHERE vid = 1;"
		   "UPDATE leases SET rec = x'7f' || substr(rec, 2) WHERE vid = 2;"
		   "UPDATE leases6 SET rec = (SELECT rec FROM leases LIMIT 1)"
		   " WHERE prefix_len = 0");
	assert_int_equal(other_int(f, NOREC), 0);
	open_ok(f);
	assert_loads(f, &got, false, v, 4);
	assert_int_equal(store_fill_recs(f->s, &n), 0);
	assert_int_equal(n, 3);
	assert_loads(f, &got, true, v, 4);

	/* An empty store reads as records; nothing to write. */
	assert_int_equal(store_replace_all(f->s, NULL, 0), 0);
	assert_loads(f, &got, true, NULL, 0);
	assert_int_equal(store_fill_recs(f->s, &n), 0);
	assert_int_equal(n, 0);
	lease_vec_free(&got);
}

/*
 * A store of schema 4, stopped cleanly (an image and its triggers): its
 * tables made again with rec after the key, the image still read and
 * still guarded, the rows' records written at the first fill.
 */
static void test_migrate_v4_to_v5(void **state)
{
	struct fx *f = *state;
	struct lease v[2] = { mk(5, 2000000000), mk6(6, 60, 2000000000) };
	struct lease_vec got = { 0 };
	size_t n;

	open_ok(f);
	assert_int_equal(store_replace_all(f->s, v, 2), 0);
	assert_int_equal(store_save_image(f->s, &n), 0);
	other_exec(f, BACK_TO_V4 "PRAGMA user_version = 4;");
	open_ok(f);
	assert_int_equal(store_schema_version(f->s), STORE_SCHEMA_VERSION);
	assert_int_equal(other_int(f, "SELECT cid FROM pragma_table_info('leases') WHERE name = 'rec'"), 2);
	assert_int_equal(other_int(f, "SELECT cid FROM pragma_table_info('leases6') WHERE name = 'rec'"), 3);
	assert_int_equal(other_int(f, "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name LIKE 'leases%_expires'"), 2);
	assert_int_equal(image_rows(f), 61);
	assert_int_equal(store_load_image(f->s, &got), 1);
	assert_same_leases(&got, v, 2);
	assert_int_equal(other_int(f, NOREC), 2);
	assert_loads(f, &got, false, v, 2);
	assert_int_equal(store_fill_recs(f->s, &n), 0);
	assert_int_equal(n, 2);
	assert_loads(f, &got, true, v, 2);
	lease_vec_free(&got);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_create_and_schema, setup, teardown),
		cmocka_unit_test_setup_teardown(test_newer_schema_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_upsert_delete_load, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rollback, setup, teardown),
		cmocka_unit_test_setup_teardown(test_drop_expired, setup, teardown),
		cmocka_unit_test_setup_teardown(test_newest_cltt, setup, teardown),
		cmocka_unit_test_setup_teardown(test_count_unexpired, setup, teardown),
		cmocka_unit_test_setup_teardown(test_replace_all, setup, teardown),
		cmocka_unit_test_setup_teardown(test_garbage_moved_aside, setup, teardown),
		cmocka_unit_test_setup_teardown(test_damaged_pages_moved_aside, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unchecked_damaged_caught_before_write, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unchecked_healthy, setup, teardown),
		cmocka_unit_test_setup_teardown(test_batch_10k_one_transaction, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pending_latest_state, setup, teardown),
		cmocka_unit_test_setup_teardown(test_migrate_v1_keeps_leases, setup, teardown),
		cmocka_unit_test_setup_teardown(test_static_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_static_not_pruned, setup, teardown),
		cmocka_unit_test_setup_teardown(test_upsert_newer_keeps_static, setup, teardown),
		cmocka_unit_test_setup_teardown(test_v6_upsert_delete_load, setup, teardown),
		cmocka_unit_test_setup_teardown(test_v6_expiry, setup, teardown),
		cmocka_unit_test_setup_teardown(test_migrate_v2_to_v3, setup, teardown),
		cmocka_unit_test_setup_teardown(test_v6_pending, setup, teardown),
		cmocka_unit_test_setup_teardown(test_brief_load_and_detail, setup, teardown),
		cmocka_unit_test_setup_teardown(test_brief_detail_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_image, setup, teardown),
		cmocka_unit_test_setup_teardown(test_image_triggers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_image_corrupt, setup, teardown),
		cmocka_unit_test_setup_teardown(test_migrate_v3_to_v4, setup, teardown),
		cmocka_unit_test_setup_teardown(test_records, setup, teardown),
		cmocka_unit_test_setup_teardown(test_migrate_v4_to_v5, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
