/* SPDX-License-Identifier: GPL-2.0 */
/*
 * store.h - the persistent lease store: one SQLite database in WAL mode
 * with synchronous=FULL, holding the table "leases" of IPv4 leases keyed
 * by (mac, vid) and, from schema 3, "leases6" of IPv6 bindings keyed by
 * (addr6, prefix_len, vid).  Every call below takes either kind of lease
 * (struct lease's v6); loads return the IPv4 leases, then the IPv6 ones.
 *
 * The schema is versioned with PRAGMA user_version; store_open() migrates
 * an older store step by step (each step one transaction) and refuses one
 * written by a newer l2rad.  A store that fails PRAGMA quick_check, or is
 * not a database at all, is renamed to "<path>.corrupt-<epoch>" (with its
 * -wal file) and a fresh one is created: the caller logs that loudly.
 *
 * Writes go through explicit transactions: store_begin(), any number of
 * store_upsert() / store_delete(), store_commit().  A transaction that
 * store_commit() reported committed is durable (synchronous=FULL) and
 * survives kill -9 and power loss.  Nothing here logs: errors are returned
 * and described by store_errmsg().
 */
#ifndef L2RAD_STORE_H
#define L2RAD_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lease.h"

#define STORE_SCHEMA_VERSION 5

struct store;

/*
 * Open (creating it if needed) the store at @path.  On success returns 0;
 * if the file was corrupt, @moved_to (if not NULL, @moved_len bytes) holds
 * the name it was moved to, else "".  Returns -1 on failure with a message
 * in @err (@errlen bytes).
 */
int store_open(struct store **out, const char *path, char *moved_to,
	       size_t moved_len, char *err, size_t errlen);
/*
 * The same, but PRAGMA quick_check (which reads and checks every page and
 * row: at 100 k leases it costs as much as reading them) waits until
 * store_check() or the first write, which runs it first: a restore can
 * read the leases into the kernel before it.  A store still to be migrated
 * is checked here all the same.  Reading a corrupt store fails with
 * store_last_corrupt() true, as writing into one does.
 */
int store_open_unchecked(struct store **out, const char *path,
			 char *moved_to, size_t moved_len, char *err,
			 size_t errlen);
/*
 * The check store_open_unchecked() left for later, if not run yet: 0
 * healthy; -1 on failure, with store_last_corrupt() true if the store is
 * corrupt (close it and open it again: store_open() moves it aside).
 * store_begin() and store_drop_expired() call it first.
 */
int store_check(struct store *s);
void store_close(struct store *s);

const char *store_errmsg(const struct store *s);
/* True if the last failure was SQLITE_CORRUPT / SQLITE_NOTADB. */
bool store_last_corrupt(const struct store *s);
/* The schema version of the open store. */
int store_schema_version(struct store *s);

int store_begin(struct store *s);
int store_commit(struct store *s);
void store_rollback(struct store *s);

/* Inside a transaction: insert or replace the lease of @l's key. */
int store_upsert(struct store *s, const struct lease *l);
/*
 * Inside a transaction: the same, but only over a stored lease of an older
 * last transaction (cltt) that is not a static binding; *@written says
 * whether it was written.
 */
int store_upsert_newer(struct store *s, const struct lease *l, bool *written);
/*
 * The stored cltt and flags of @mac / @vid into *@cltt, *@flags: 1, 0 if
 * none, -1 on failure.
 */
int store_cltt(struct store *s, const uint8_t mac[6], uint16_t vid,
	       int64_t *cltt, uint32_t *flags);
/* The same for @l's key, IPv4 or IPv6. */
int store_cltt_key(struct store *s, const struct lease *l, int64_t *cltt,
		   uint32_t *flags);
/* Inside a transaction: remove the lease of @mac / @vid (no error if none). */
int store_delete(struct store *s, const uint8_t mac[6], uint16_t vid);
/* Inside a transaction: remove the lease of @l's key, IPv4 or IPv6. */
int store_delete_key(struct store *s, const struct lease *l);

/* Each stored lease in (mac, vid) order; @cb returns non-zero to stop. */
typedef int (*store_load_cb)(const struct lease *l, void *arg);
int store_load(struct store *s, store_load_cb cb, void *arg);
/* Load every lease into @vec (appended). */
int store_load_vec(struct store *s, struct lease_vec *vec);
/*
 * The same without the columns bridge and circuit_id, which a push by port
 * name does not need (a sixth of the read): each lease comes "brief" ("",
 * 0).  store_detail() reads them for one lease, store_detail_vec() for
 * every brief one of a vector sorted by key (one pass over the store); a
 * lease whose row is gone since gets "" and 0.  store_upsert() refuses a
 * brief lease (it would erase them).  0 or -1.
 */
int store_load_vec_brief(struct store *s, struct lease_vec *vec);
int store_detail(struct store *s, struct lease *l);
int store_detail_vec(struct store *s, struct lease_vec *vec);
/* Does @vec hold a brief lease? */
bool store_any_brief(const struct lease_vec *vec);
/*
 * From schema 5 every row also holds its lease as one value, its record
 * (lease_image_rec_encode()): store_load_vec() and store_load_vec_brief()
 * read the records, none brief, when every row has a good one (a fifth of
 * the instructions of the columns), else the columns.  An UPDATE through
 * sqlite3 clears the record of the rows it changes (a trigger; l2rad's
 * writes replace rows whole).  store_read_recs(): whether the last of
 * those two calls read the records.
 *
 * store_fill_recs() writes the record of each row without a good one
 * (NULL, or one that does not decode): one transaction, *@n = rows
 * rewritten.  l2rad calls it at a clean stop.  0 or -1.
 */
bool store_read_recs(const struct store *s);
int store_fill_recs(struct store *s, size_t *n);

/*
 * The restore image (schema 4, format in lease_image.h): every lease in
 * one value, written at a clean stop, read at the next start instead of
 * the rows (a few hundred instructions a lease instead of thousands).  Any
 * change to the leases (l2rad's first write, or anyone's through sqlite3:
 * triggers) deletes it, so that an image there is the tables' content.
 *
 * store_save_image() reads the tables in full and writes the image and
 * its triggers (one transaction); *@n = leases in it.  0 or -1.
 *
 * store_load_image() appends the image's leases to @vec, none brief:
 * 1 read, 0 there is none, -2 it does not decode (store_errmsg() says
 * why; @vec as it was; later calls return 0, so that a restore retried
 * logs it once), -1 SQLite failed.  Whatever it returns but 1, the rows
 * are there to read.
 */
int store_save_image(struct store *s, size_t *n);
int store_load_image(struct store *s, struct lease_vec *vec);

/*
 * One transaction: delete leases with expires_at <= @now, static bindings
 * (L2RA_LEASE_F_STATIC) excepted whatever their expires_at; *@dropped = n.
 */
int store_drop_expired(struct store *s, int64_t now, unsigned int *dropped);
/* One transaction: the table becomes exactly @n leases of @v. */
int store_replace_all(struct store *s, const struct lease *v, size_t n);
/* Number of leases, or -1. */
long store_count(struct store *s);
/*
 * The newest last transaction (cltt) of the stored leases, 0 if there is
 * none, -1 on failure: a wall clock behind it has not been set yet.
 */
int64_t store_newest_cltt(struct store *s);
/*
 * Number of learned leases (static bindings not counted: they say nothing
 * of what the DHCP servers granted) with expires_at > @now, or -1.
 */
long store_count_unexpired(struct store *s, int64_t now);

#endif
