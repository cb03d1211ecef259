// SPDX-License-Identifier: GPL-2.0
/* store.c - the SQLite lease store (see store.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <arpa/inet.h>

#include <sqlite3.h>

#include "lease_image.h"
#include "store.h"

struct store {
	sqlite3 *db;
	char *path;
	sqlite3_stmt *upsert, *del, *load, *expire, *clear, *count;
	sqlite3_stmt *newest, *unexpired, *upsert_newer, *cltt;
	/* The same for the IPv6 bindings (table leases6). */
	sqlite3_stmt *upsert6, *del6, *load6, *expire6, *clear6;
	sqlite3_stmt *upsert_newer6, *cltt6;
	/* The brief read and what it leaves out (store_load_vec_brief()). */
	sqlite3_stmt *brief, *brief6, *detail, *detail6, *details, *details6;
	sqlite3_stmt *image_put;
	/* The rows' records (schema 5), and the rows without a good one. */
	sqlite3_stmt *recs, *recs6, *norec, *norec6;
	uint8_t rec[LEASE_IMAGE_REC_MAX];	/* the record bound to a write */
	bool in_txn;
	bool corrupt;
	bool unchecked;		/* quick_check due before the first write */
	bool disarmed;		/* restore image and its triggers dropped */
	bool image_rejected;	/* store_load_image() said why, once */
	bool read_recs;		/* the last load_vec() read the records */
	char err[256];
};

/*
 * With the image, triggers that delete it on any change of a lease, by
 * whoever writes while l2rad is stopped (sqlite3); l2rad's first write
 * drops both in one exec, since a trigger per row would cost it 60 % more
 * per write (benchmarks.rst).
 */
#define IMAGE_TRIGGER(name, ev, tbl) \
	"CREATE TRIGGER IF NOT EXISTS " name " AFTER " ev " ON " tbl \
	" BEGIN DELETE FROM restore_image; END;"
#define IMAGE_ARM \
	IMAGE_TRIGGER("leases_image_ins", "INSERT", "leases") \
	IMAGE_TRIGGER("leases_image_upd", "UPDATE", "leases") \
	IMAGE_TRIGGER("leases_image_del", "DELETE", "leases") \
	IMAGE_TRIGGER("leases6_image_ins", "INSERT", "leases6") \
	IMAGE_TRIGGER("leases6_image_upd", "UPDATE", "leases6") \
	IMAGE_TRIGGER("leases6_image_del", "DELETE", "leases6")
#define IMAGE_DISARM \
	"DELETE FROM restore_image;" \
	"DROP TRIGGER IF EXISTS leases_image_ins;" \
	"DROP TRIGGER IF EXISTS leases_image_upd;" \
	"DROP TRIGGER IF EXISTS leases_image_del;" \
	"DROP TRIGGER IF EXISTS leases6_image_ins;" \
	"DROP TRIGGER IF EXISTS leases6_image_upd;" \
	"DROP TRIGGER IF EXISTS leases6_image_del;"

/*
 * Migrations: migrations[v] takes a store from schema v to v + 1.  A new
 * schema appends a step here and bumps STORE_SCHEMA_VERSION; a step may be
 * several statements.  Each runs in the same transaction as the
 * user_version update, so a crash leaves the store at either version.
 */
static const char *const migrations[STORE_SCHEMA_VERSION] = {
	/* 0 -> 1: the leases table. */
	"CREATE TABLE leases ("
	" mac BLOB NOT NULL CHECK (length(mac) = 6),"
	" vid INTEGER NOT NULL CHECK (vid BETWEEN 0 AND 4094),"
	" addr INTEGER NOT NULL,"		/* IPv4, host order */
	" expires_at INTEGER NOT NULL,"		/* epoch seconds */
	" lease_time INTEGER NOT NULL,"
	" server_id INTEGER NOT NULL,"		/* IPv4, host order */
	" cltt INTEGER NOT NULL,"		/* epoch seconds */
	" port TEXT NOT NULL,"			/* ifname */
	" bridge TEXT NOT NULL,"		/* ifname */
	" circuit_id BLOB NOT NULL,"
	" PRIMARY KEY (mac, vid)"
	") WITHOUT ROWID;"
	"CREATE INDEX leases_expires ON leases (expires_at);",
	/*
	 * 1 -> 2: L2RA_A_LEASE_FLAGS; L2RA_LEASE_F_STATIC marks a static
	 * binding, which never expires.  Older rows are learned leases.
	 */
	"ALTER TABLE leases ADD COLUMN flags INTEGER NOT NULL DEFAULT 0;",
	/*
	 * 2 -> 3: IPv6 bindings (IA_NA addresses, IA_PD prefixes), keyed by
	 * address or prefix, prefix length (0: an address) and VLAN; the
	 * MAC address is all zero when unknown.
	 */
	"CREATE TABLE leases6 ("
	" addr6 BLOB NOT NULL CHECK (length(addr6) = 16),"
	" prefix_len INTEGER NOT NULL CHECK (prefix_len BETWEEN 0 AND 128),"
	" vid INTEGER NOT NULL CHECK (vid BETWEEN 0 AND 4094),"
	" mac BLOB NOT NULL CHECK (length(mac) = 6),"
	" expires_at INTEGER NOT NULL,"		/* epoch seconds */
	" lease_time INTEGER NOT NULL,"		/* valid lifetime */
	" preferred INTEGER NOT NULL,"		/* preferred lifetime */
	" cltt INTEGER NOT NULL,"		/* epoch seconds */
	" port TEXT NOT NULL,"			/* ifname */
	" bridge TEXT NOT NULL,"		/* ifname */
	" circuit_id BLOB NOT NULL,"
	" flags INTEGER NOT NULL DEFAULT 0,"
	" PRIMARY KEY (addr6, prefix_len, vid)"
	") WITHOUT ROWID;"
	"CREATE INDEX leases6_expires ON leases6 (expires_at);",
	/*
	 * 3 -> 4: the restore image (store_save_image(), lease_image.h): one
	 * row, written at a clean stop; triggers created with it delete it
	 * on any change to a lease, whoever writes.
	 */
	"CREATE TABLE restore_image ("
	" id INTEGER PRIMARY KEY CHECK (id = 1),"
	" data BLOB NOT NULL);",
	/*
	 * 4 -> 5: each lease also as one value, its record (lease_image.h:
	 * lease_image_rec_encode()), which a start after a crash reads
	 * instead of the other columns: nine columns cost SQLite twice the
	 * instructions of one (benchmarks.rst).  The tables are made again
	 * with rec right after the key, since SQLite walks a row's header up
	 * to the column it reads (at its end: about 190 instructions a row more).
	 * l2rad writes a row whole (INSERT OR REPLACE, never UPDATE: no
	 * trigger runs for its writes); anyone's UPDATE that leaves rec as
	 * it was makes it stale, and the trigger clears it.  A row without
	 * its record (of an older schema, changed by hand) has the restore
	 * read the columns of every row; the next clean stop gives it one.
	 * The image's triggers went with the old tables: armed again (l2rad's
	 * first write drops them, as ever).
	 */
	"CREATE TABLE leases_v5 ("
	" mac BLOB NOT NULL CHECK (length(mac) = 6),"
	" vid INTEGER NOT NULL CHECK (vid BETWEEN 0 AND 4094),"
	" rec BLOB,"
	" addr INTEGER NOT NULL,"
	" expires_at INTEGER NOT NULL,"
	" lease_time INTEGER NOT NULL,"
	" server_id INTEGER NOT NULL,"
	" cltt INTEGER NOT NULL,"
	" port TEXT NOT NULL,"
	" bridge TEXT NOT NULL,"
	" circuit_id BLOB NOT NULL,"
	" flags INTEGER NOT NULL DEFAULT 0,"
	" PRIMARY KEY (mac, vid)"
	") WITHOUT ROWID;"
	"INSERT INTO leases_v5 (mac, vid, addr, expires_at, lease_time,"
	" server_id, cltt, port, bridge, circuit_id, flags)"
	" SELECT mac, vid, addr, expires_at, lease_time, server_id, cltt,"
	" port, bridge, circuit_id, flags FROM leases;"
	"DROP TABLE leases;"
	"ALTER TABLE leases_v5 RENAME TO leases;"
	"CREATE INDEX leases_expires ON leases (expires_at);"
	"CREATE TABLE leases6_v5 ("
	" addr6 BLOB NOT NULL CHECK (length(addr6) = 16),"
	" prefix_len INTEGER NOT NULL CHECK (prefix_len BETWEEN 0 AND 128),"
	" vid INTEGER NOT NULL CHECK (vid BETWEEN 0 AND 4094),"
	" rec BLOB,"
	" mac BLOB NOT NULL CHECK (length(mac) = 6),"
	" expires_at INTEGER NOT NULL,"
	" lease_time INTEGER NOT NULL,"
	" preferred INTEGER NOT NULL,"
	" cltt INTEGER NOT NULL,"
	" port TEXT NOT NULL,"
	" bridge TEXT NOT NULL,"
	" circuit_id BLOB NOT NULL,"
	" flags INTEGER NOT NULL DEFAULT 0,"
	" PRIMARY KEY (addr6, prefix_len, vid)"
	") WITHOUT ROWID;"
	"INSERT INTO leases6_v5 (addr6, prefix_len, vid, mac, expires_at,"
	" lease_time, preferred, cltt, port, bridge, circuit_id, flags)"
	" SELECT addr6, prefix_len, vid, mac, expires_at, lease_time,"
	" preferred, cltt, port, bridge, circuit_id, flags FROM leases6;"
	"DROP TABLE leases6;"
	"ALTER TABLE leases6_v5 RENAME TO leases6;"
	"CREATE INDEX leases6_expires ON leases6 (expires_at);"
	IMAGE_ARM
	"CREATE TRIGGER leases_rec_stale AFTER UPDATE ON leases"
	" WHEN NEW.rec IS OLD.rec BEGIN"
	" UPDATE leases SET rec = NULL WHERE mac = NEW.mac AND vid = NEW.vid;"
	" END;"
	"CREATE TRIGGER leases6_rec_stale AFTER UPDATE ON leases6"
	" WHEN NEW.rec IS OLD.rec BEGIN"
	" UPDATE leases6 SET rec = NULL WHERE addr6 = NEW.addr6"
	" AND prefix_len = NEW.prefix_len AND vid = NEW.vid;"
	" END;",
};

/* The statements below test a static binding as "flags & 1". */
_Static_assert(L2RA_LEASE_F_STATIC == 1, "flags & 1 is L2RA_LEASE_F_STATIC");

static int fail(struct store *s, int rc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct store *s, int rc, const char *fmt, ...)
{
	char what[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	s->corrupt = rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB;
	snprintf(s->err, sizeof(s->err), "%s: %s", what,
		 s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
	return -1;
}

const char *store_errmsg(const struct store *s)
{
	return s->err;
}

bool store_last_corrupt(const struct store *s)
{
	return s->corrupt;
}

static int exec(struct store *s, const char *sql)
{
	int rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? 0 : fail(s, rc, "%.60s", sql);
}

static int pragma_int(struct store *s, const char *sql, long *out)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);

	if (rc != SQLITE_OK)
		return fail(s, rc, "%s", sql);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		fail(s, rc, "%s", sql);
		sqlite3_finalize(st);
		return -1;
	}
	*out = (long)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return 0;
}

int store_schema_version(struct store *s)
{
	long v;

	return pragma_int(s, "PRAGMA user_version", &v) ? -1 : (int)v;
}

/* 1: healthy, 0: corrupt (or not a database), -1: could not tell. */
static int quick_check(struct store *s)
{
	sqlite3_stmt *st;
	int rc, ok;

	rc = sqlite3_prepare_v2(s->db, "PRAGMA quick_check", -1, &st, NULL);
	if (rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB) {
		snprintf(s->err, sizeof(s->err), "quick_check: %s",
			 sqlite3_errstr(rc));
		return 0;
	}
	if (rc != SQLITE_OK)
		return fail(s, rc, "PRAGMA quick_check");
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const unsigned char *r = sqlite3_column_text(st, 0);

		ok = r && !strcmp((const char *)r, "ok");
		if (!ok)
			snprintf(s->err, sizeof(s->err), "quick_check: %s",
				 r ? (const char *)r : "(null)");
	} else if (rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB) {
		snprintf(s->err, sizeof(s->err), "quick_check: %s",
			 sqlite3_errstr(rc));
		ok = 0;
	} else {
		ok = fail(s, rc, "PRAGMA quick_check");
	}
	sqlite3_finalize(st);
	return ok;
}

static int migrate(struct store *s)
{
	long v;

	if (exec(s, "BEGIN IMMEDIATE"))
		return -1;
	if (pragma_int(s, "PRAGMA user_version", &v))
		goto rollback;
	if (v > STORE_SCHEMA_VERSION || v < 0) {
		snprintf(s->err, sizeof(s->err),
			 "store has schema version %ld, this l2rad knows up to %d (written by a newer l2rad?)",
			 v, STORE_SCHEMA_VERSION);
		goto rollback;
	}
	for (; v < STORE_SCHEMA_VERSION; v++) {
		char sql[64];

		if (exec(s, migrations[v]))
			goto rollback;
		snprintf(sql, sizeof(sql), "PRAGMA user_version = %ld", v + 1);
		if (exec(s, sql))
			goto rollback;
	}
	return exec(s, "COMMIT");
rollback:
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

static int prepare(struct store *s, sqlite3_stmt **st, const char *sql)
{
	int rc = sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
				    st, NULL);

	return rc == SQLITE_OK ? 0 : fail(s, rc, "prepare %.40s", sql);
}

/*
 * A write replaces the row whole, its record with it: an UPDATE would run
 * the rec_stale trigger (half again the instructions of a write), and
 * REPLACE costs less than an upsert's UPDATE besides (18,749 instructions
 * against 22,148 on the host).  The "newer" writes only over a stored
 * lease of an older cltt that is not a static binding.
 */
#define PUT4 \
	"INSERT OR REPLACE INTO leases (mac, vid, addr, expires_at, lease_time, server_id, cltt, port, bridge, circuit_id, flags, rec)"
#define UPSERT4 PUT4 \
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"
#define UPSERT_NEWER4 PUT4 \
	" SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12" \
	" WHERE NOT EXISTS (SELECT 1 FROM leases WHERE mac = ?1 AND vid = ?2" \
	" AND (cltt >= ?7 OR flags & 1))"
#define PUT6 \
	"INSERT OR REPLACE INTO leases6 (addr6, prefix_len, vid, mac, expires_at, lease_time, preferred, cltt, port, bridge, circuit_id, flags, rec)"
#define UPSERT6 PUT6 \
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"
#define UPSERT_NEWER6 PUT6 \
	" SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13" \
	" WHERE NOT EXISTS (SELECT 1 FROM leases6 WHERE addr6 = ?1" \
	" AND prefix_len = ?2 AND vid = ?3 AND (cltt >= ?8 OR flags & 1))"

static int prepare_all6(struct store *s)
{
	return prepare(s, &s->upsert6, UPSERT6) ||
	       prepare(s, &s->del6,
		       "DELETE FROM leases6 WHERE addr6 = ?1 AND prefix_len = ?2 AND vid = ?3") ||
	       prepare(s, &s->load6,
		       "SELECT addr6, prefix_len, vid, mac, expires_at, lease_time, preferred, cltt, port, bridge, circuit_id, flags"
		       " FROM leases6 ORDER BY addr6, prefix_len, vid") ||
	       prepare(s, &s->expire6,
		       "DELETE FROM leases6 WHERE expires_at <= ?1 AND flags & 1 = 0") ||
	       prepare(s, &s->clear6, "DELETE FROM leases6") ||
	       prepare(s, &s->upsert_newer6, UPSERT_NEWER6) ||
	       prepare(s, &s->cltt6,
		       "SELECT cltt, flags FROM leases6 WHERE addr6 = ?1 AND prefix_len = ?2 AND vid = ?3") ||
	       prepare(s, &s->brief6,
		       "SELECT addr6, prefix_len, vid, mac, expires_at, lease_time, preferred, cltt, port, flags"
		       " FROM leases6 ORDER BY addr6, prefix_len, vid") ||
	       prepare(s, &s->detail6,
		       "SELECT bridge, circuit_id FROM leases6 WHERE addr6 = ?1 AND prefix_len = ?2 AND vid = ?3") ||
	       prepare(s, &s->details6,
		       "SELECT addr6, prefix_len, vid, bridge, circuit_id FROM leases6"
		       " ORDER BY addr6, prefix_len, vid") ||
	       prepare(s, &s->recs6,
		       "SELECT rec FROM leases6 ORDER BY addr6, prefix_len, vid") ||
	       prepare(s, &s->norec6,
		       "SELECT addr6, prefix_len, vid, mac, expires_at, lease_time, preferred, cltt, port, bridge, circuit_id, flags"
		       " FROM leases6 WHERE NOT l2rad_rec_ok(rec, 1)");
}

static int prepare_all(struct store *s)
{
	return prepare(s, &s->upsert, UPSERT4) ||
	       prepare(s, &s->del,
		       "DELETE FROM leases WHERE mac = ?1 AND vid = ?2") ||
	       prepare(s, &s->load,
		       "SELECT mac, vid, addr, expires_at, lease_time, server_id, cltt, port, bridge, circuit_id, flags"
		       " FROM leases ORDER BY mac, vid") ||
	       prepare(s, &s->expire,
		       "DELETE FROM leases WHERE expires_at <= ?1 AND flags & 1 = 0") ||
	       prepare(s, &s->clear, "DELETE FROM leases") ||
	       prepare(s, &s->count,
		       "SELECT (SELECT count(*) FROM leases) + (SELECT count(*) FROM leases6)") ||
	       prepare(s, &s->newest,
		       "SELECT max(coalesce((SELECT max(cltt) FROM leases), 0),"
		       " coalesce((SELECT max(cltt) FROM leases6), 0))") ||
	       prepare(s, &s->unexpired,
		       "SELECT (SELECT count(*) FROM leases WHERE expires_at > ?1 AND flags & 1 = 0)"
		       " + (SELECT count(*) FROM leases6 WHERE expires_at > ?1 AND flags & 1 = 0)") ||
	       prepare(s, &s->upsert_newer, UPSERT_NEWER4) ||
	       prepare(s, &s->cltt,
		       "SELECT cltt, flags FROM leases WHERE mac = ?1 AND vid = ?2") ||
	       /*
		* The columns in the table's order: each one SQLite decodes
		* walks the row's header up to it.
		*/
	       prepare(s, &s->brief,
		       "SELECT mac, vid, addr, expires_at, lease_time, server_id, cltt, port, flags"
		       " FROM leases ORDER BY mac, vid") ||
	       prepare(s, &s->detail,
		       "SELECT bridge, circuit_id FROM leases WHERE mac = ?1 AND vid = ?2") ||
	       prepare(s, &s->details,
		       "SELECT mac, vid, bridge, circuit_id FROM leases ORDER BY mac, vid") ||
	       prepare(s, &s->image_put,
		       "INSERT OR REPLACE INTO restore_image (id, data) VALUES (1, ?1)") ||
	       prepare(s, &s->recs, "SELECT rec FROM leases ORDER BY mac, vid") ||
	       prepare(s, &s->norec,
		       "SELECT mac, vid, addr, expires_at, lease_time, server_id, cltt, port, bridge, circuit_id, flags"
		       " FROM leases WHERE NOT l2rad_rec_ok(rec, 0)") ||
	       prepare_all6(s);
}

static void finalize_all(struct store *s)
{
	sqlite3_finalize(s->upsert);
	sqlite3_finalize(s->del);
	sqlite3_finalize(s->load);
	sqlite3_finalize(s->expire);
	sqlite3_finalize(s->clear);
	sqlite3_finalize(s->count);
	sqlite3_finalize(s->newest);
	sqlite3_finalize(s->unexpired);
	sqlite3_finalize(s->upsert_newer);
	sqlite3_finalize(s->cltt);
	sqlite3_finalize(s->upsert6);
	sqlite3_finalize(s->del6);
	sqlite3_finalize(s->load6);
	sqlite3_finalize(s->expire6);
	sqlite3_finalize(s->clear6);
	sqlite3_finalize(s->upsert_newer6);
	sqlite3_finalize(s->cltt6);
	sqlite3_finalize(s->brief);
	sqlite3_finalize(s->brief6);
	sqlite3_finalize(s->detail);
	sqlite3_finalize(s->detail6);
	sqlite3_finalize(s->details);
	sqlite3_finalize(s->details6);
	sqlite3_finalize(s->image_put);
	sqlite3_finalize(s->recs);
	sqlite3_finalize(s->recs6);
	sqlite3_finalize(s->norec);
	sqlite3_finalize(s->norec6);
	s->image_put = s->recs = s->recs6 = s->norec = s->norec6 = NULL;
	s->brief = s->brief6 = s->detail = s->detail6 = NULL;
	s->details = s->details6 = NULL;
	s->upsert6 = s->del6 = s->load6 = s->expire6 = s->clear6 = NULL;
	s->upsert_newer6 = s->cltt6 = NULL;
	s->upsert_newer = s->cltt = NULL;
	s->upsert = s->del = s->load = s->expire = s->clear = s->count = NULL;
	s->newest = s->unexpired = NULL;
}

/* Move @path (and its -wal; the -shm is rebuilt) out of the way. */
static int move_aside(const char *path, char *moved_to, size_t moved_len,
		      char *err, size_t errlen)
{
	char dst[4096], src[4096];

	snprintf(dst, sizeof(dst), "%s.corrupt-%lld", path,
		 (long long)time(NULL));
	if (rename(path, dst)) {
		snprintf(err, errlen, "cannot move corrupt store %s aside: %s",
			 path, strerror(errno));
		return -1;
	}
	snprintf(src, sizeof(src), "%s-wal", path);
	strncat(dst, "-wal", sizeof(dst) - strlen(dst) - 1);
	if (rename(src, dst) && errno != ENOENT)
		unlink(src);
	snprintf(src, sizeof(src), "%s-shm", path);
	unlink(src);
	if (moved_to)
		snprintf(moved_to, moved_len, "%.*s", (int)(strlen(dst) - 4),
			 dst);
	return 0;
}

/*
 * 0: open and healthy (or, with @defer, of the current schema and not
 * checked yet: s->unchecked); 1: corrupt (closed); -1: error (message in
 * err).
 */
/*
 * SQL l2rad_rec_ok(rec, v6): 1 if rec is a record that decodes to a lease
 * of the table (v6 0: leases, 1: leases6), else 0 (NULL included).  For
 * store_fill_recs(): which rows need their record written.
 */
static void sql_rec_ok(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const void *b = sqlite3_value_blob(argv[0]);
	int n = sqlite3_value_bytes(argv[0]);
	struct lease l;

	/* The octets, whatever their type: as the restore's read takes them. */
	(void)argc;
	sqlite3_result_int(ctx, b && !lease_image_rec_decode(b, (size_t)n, &l) &&
			   l.v6 == sqlite3_value_int(argv[1]));
}

static int try_open(struct store *s, const char *path, bool defer)
{
	int rc, ok = 1;

	rc = sqlite3_open_v2(path, &s->db,
			     SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
			     SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK)
		return fail(s, rc, "cannot open %s", path);
	sqlite3_extended_result_codes(s->db, 0);
	sqlite3_busy_timeout(s->db, 5000);
	/* Only a store that needs no migration may wait (nothing to write). */
	s->unchecked = defer &&
		       store_schema_version(s) == STORE_SCHEMA_VERSION;
	if (!s->unchecked)
		ok = quick_check(s);
	if (ok < 0)
		return -1;
	if (ok == 0)
		return 1;
	/* WAL needs no transaction open; FULL syncs the WAL on each commit. */
	rc = sqlite3_exec(s->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
	if (rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB)
		return 1;
	if (rc != SQLITE_OK)
		return fail(s, rc, "PRAGMA journal_mode = WAL");
	if (exec(s, "PRAGMA synchronous = FULL"))
		return -1;
	if (migrate(s))
		return s->corrupt ? 1 : -1;
	rc = sqlite3_create_function(s->db, "l2rad_rec_ok", 2,
				     SQLITE_UTF8 | SQLITE_DETERMINISTIC |
				     SQLITE_DIRECTONLY, NULL, sql_rec_ok,
				     NULL, NULL);
	if (rc != SQLITE_OK)
		return fail(s, rc, "l2rad_rec_ok()");
	if (prepare_all(s))
		return s->corrupt ? 1 : -1;
	return 0;
}

static int open_store(struct store **out, const char *path, char *moved_to,
		      size_t moved_len, char *err, size_t errlen, bool defer)
{
	struct store *s = calloc(1, sizeof(*s));
	int r;

	*out = NULL;
	if (moved_to && moved_len)
		moved_to[0] = '\0';
	if (!s || !(s->path = strdup(path))) {
		free(s);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	r = try_open(s, path, defer);
	if (r == 1) {
		finalize_all(s);
		sqlite3_close(s->db);
		s->db = NULL;
		if (move_aside(path, moved_to, moved_len, err, errlen))
			goto fail_quiet;
		r = try_open(s, path, false);
		if (r == 1)
			snprintf(s->err, sizeof(s->err),
				 "fresh store %s is corrupt too", path);
	}
	if (r) {
		snprintf(err, errlen, "%s", s->err);
		goto fail_quiet;
	}
	*out = s;
	return 0;
fail_quiet:
	store_close(s);
	return -1;
}

int store_open(struct store **out, const char *path, char *moved_to,
	       size_t moved_len, char *err, size_t errlen)
{
	return open_store(out, path, moved_to, moved_len, err, errlen, false);
}

int store_open_unchecked(struct store **out, const char *path,
			 char *moved_to, size_t moved_len, char *err,
			 size_t errlen)
{
	return open_store(out, path, moved_to, moved_len, err, errlen, true);
}

int store_check(struct store *s)
{
	int ok;

	if (!s->unchecked)
		return 0;
	ok = quick_check(s);
	if (ok < 0)
		return -1;
	if (!ok) {
		s->corrupt = true;
		return -1;
	}
	s->unchecked = false;
	return 0;
}

void store_close(struct store *s)
{
	if (!s)
		return;
	if (s->in_txn)
		store_rollback(s);
	finalize_all(s);
	if (s->db)
		sqlite3_close(s->db);
	free(s->path);
	free(s);
}

int store_begin(struct store *s)
{
	if (store_check(s) || exec(s, "BEGIN IMMEDIATE"))
		return -1;
	s->in_txn = true;
	/* The first write makes the image stale: it goes, with its triggers. */
	if (!s->disarmed) {
		if (exec(s, IMAGE_DISARM)) {
			store_rollback(s);
			return -1;
		}
		s->disarmed = true;
	}
	return 0;
}

int store_commit(struct store *s)
{
	int rc = sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);

	if (rc != SQLITE_OK) {
		fail(s, rc, "COMMIT");
		store_rollback(s);
		return -1;
	}
	s->in_txn = false;
	return 0;
}

void store_rollback(struct store *s)
{
	if (sqlite3_get_autocommit(s->db) == 0)
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	s->in_txn = false;
}

static int step_done(struct store *s, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc == SQLITE_DONE ? 0 : fail(s, rc, "%s", what);
}

/* @l's record, bound to column @col of @st until the next write. */
static void bind_rec(struct store *s, sqlite3_stmt *st, int col,
		     const struct lease *l)
{
	size_t n = lease_image_rec_encode(l, s->rec, sizeof(s->rec));

	sqlite3_bind_blob(st, col, s->rec, (int)n, SQLITE_STATIC);
}

static void bind_lease(struct store *s, sqlite3_stmt *st,
		       const struct lease *l)
{
	sqlite3_bind_blob(st, 1, l->mac, sizeof(l->mac), SQLITE_STATIC);
	sqlite3_bind_int(st, 2, l->vid);
	sqlite3_bind_int64(st, 3, ntohl(l->addr));
	sqlite3_bind_int64(st, 4, l->expires_at);
	sqlite3_bind_int64(st, 5, l->lease_time);
	sqlite3_bind_int64(st, 6, ntohl(l->server_id));
	sqlite3_bind_int64(st, 7, l->cltt);
	sqlite3_bind_text(st, 8, l->port, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, l->bridge, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 10, l->circuit_id, l->circuit_id_len,
			  SQLITE_STATIC);
	sqlite3_bind_int64(st, 11, l->flags);
	bind_rec(s, st, 12, l);
}

static void bind_lease6(struct store *s, sqlite3_stmt *st,
			const struct lease *l)
{
	sqlite3_bind_blob(st, 1, l->addr6, sizeof(l->addr6), SQLITE_STATIC);
	sqlite3_bind_int(st, 2, l->prefix_len);
	sqlite3_bind_int(st, 3, l->vid);
	sqlite3_bind_blob(st, 4, l->mac, sizeof(l->mac), SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, l->expires_at);
	sqlite3_bind_int64(st, 6, l->lease_time);
	sqlite3_bind_int64(st, 7, l->preferred);
	sqlite3_bind_int64(st, 8, l->cltt);
	sqlite3_bind_text(st, 9, l->port, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 10, l->bridge, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 11, l->circuit_id, l->circuit_id_len,
			  SQLITE_STATIC);
	sqlite3_bind_int64(st, 12, l->flags);
	bind_rec(s, st, 13, l);
}

/*
 * A brief lease's bridge and circuit-id are unknown, not empty: writing it
 * would erase them.
 */
static int refuse_brief(struct store *s, const struct lease *l)
{
	if (!l->brief)
		return 0;
	s->corrupt = false;
	snprintf(s->err, sizeof(s->err),
		 "upsert: lease read without its bridge and circuit-id");
	return -1;
}

int store_upsert(struct store *s, const struct lease *l)
{
	if (refuse_brief(s, l))
		return -1;
	if (l->v6) {
		bind_lease6(s, s->upsert6, l);
		return step_done(s, s->upsert6, "upsert");
	}
	bind_lease(s, s->upsert, l);
	return step_done(s, s->upsert, "upsert");
}

int store_upsert_newer(struct store *s, const struct lease *l, bool *written)
{
	sqlite3_stmt *st = l->v6 ? s->upsert_newer6 : s->upsert_newer;

	if (refuse_brief(s, l))
		return -1;
	if (l->v6)
		bind_lease6(s, st, l);
	else
		bind_lease(s, st, l);
	if (step_done(s, st, "upsert newer"))
		return -1;
	*written = sqlite3_changes(s->db) > 0;
	return 0;
}

/* Bind the key of IPv6 binding @l to ?1..?3 of @st. */
static void bind_key6(sqlite3_stmt *st, const struct lease *l)
{
	sqlite3_bind_blob(st, 1, l->addr6, sizeof(l->addr6), SQLITE_STATIC);
	sqlite3_bind_int(st, 2, l->prefix_len);
	sqlite3_bind_int(st, 3, l->vid);
}

/* Bind @l's key to @st: mac, vid (?1, ?2), or as bind_key6(). */
static void bind_key(sqlite3_stmt *st, const struct lease *l)
{
	if (l->v6) {
		bind_key6(st, l);
		return;
	}
	sqlite3_bind_blob(st, 1, l->mac, sizeof(l->mac), SQLITE_STATIC);
	sqlite3_bind_int(st, 2, l->vid);
}

/* The cltt and flags of the row @st (bound) finds: 1, 0 none, -1. */
static int step_cltt(struct store *s, sqlite3_stmt *st, int64_t *cltt,
		     uint32_t *flags)
{
	int rc, found = 0;

	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*cltt = sqlite3_column_int64(st, 0);
		*flags = (uint32_t)sqlite3_column_int64(st, 1);
		found = 1;
	} else if (rc != SQLITE_DONE) {
		found = fail(s, rc, "cltt");
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return found;
}

int store_cltt(struct store *s, const uint8_t mac[6], uint16_t vid,
	       int64_t *cltt, uint32_t *flags)
{
	sqlite3_bind_blob(s->cltt, 1, mac, 6, SQLITE_STATIC);
	sqlite3_bind_int(s->cltt, 2, vid);
	return step_cltt(s, s->cltt, cltt, flags);
}

int store_cltt_key(struct store *s, const struct lease *l, int64_t *cltt,
		   uint32_t *flags)
{
	if (!l->v6)
		return store_cltt(s, l->mac, l->vid, cltt, flags);
	bind_key6(s->cltt6, l);
	return step_cltt(s, s->cltt6, cltt, flags);
}

int store_delete(struct store *s, const uint8_t mac[6], uint16_t vid)
{
	sqlite3_bind_blob(s->del, 1, mac, 6, SQLITE_STATIC);
	sqlite3_bind_int(s->del, 2, vid);
	return step_done(s, s->del, "delete");
}

int store_delete_key(struct store *s, const struct lease *l)
{
	if (!l->v6)
		return store_delete(s, l->mac, l->vid);
	bind_key6(s->del6, l);
	return step_done(s, s->del6, "delete");
}

/* Cut and terminated; snprintf() would cost more than the row's reading. */
static void copy_text(char *dst, size_t size, const unsigned char *src)
{
	size_t n = src ? strnlen((const char *)src, size - 1) : 0;

	memcpy(dst, src ? (const char *)src : "", n);
	dst[n] = '\0';
}

/* Columns @col (bridge) and @col + 1 (circuit_id) of the row @st is on. */
static void row_detail(sqlite3_stmt *st, int col, struct lease *l)
{
	const void *cid;
	int n;

	copy_text(l->bridge, sizeof(l->bridge), sqlite3_column_text(st, col));
	cid = sqlite3_column_blob(st, col + 1);
	n = cid ? sqlite3_column_bytes(st, col + 1) : 0;
	if (n > (int)sizeof(l->circuit_id))
		n = sizeof(l->circuit_id);
	if (n > 0)
		memcpy(l->circuit_id, cid, (size_t)n);
	l->circuit_id_len = (uint8_t)n;
	l->brief = false;
}

/* What a brief read leaves out: nothing known of it yet. */
static void no_detail(struct lease *l, bool brief)
{
	l->bridge[0] = '\0';
	l->circuit_id_len = 0;
	l->brief = brief;
}

/*
 * The row @st (load, or brief without bridge and circuit_id) is on into
 * @l, every field written; false if not a lease.
 */
static bool row_lease(sqlite3_stmt *st, struct lease *l, bool brief)
{
	const void *mac = sqlite3_column_blob(st, 0);

	/* The CHECK constraint holds mac to 6 octets. */
	if (!mac || sqlite3_column_bytes(st, 0) != 6)
		return false;
	memcpy(l->mac, mac, 6);
	l->vid = (uint16_t)sqlite3_column_int(st, 1);
	l->addr = htonl((uint32_t)sqlite3_column_int64(st, 2));
	l->expires_at = sqlite3_column_int64(st, 3);
	l->lease_time = (uint32_t)sqlite3_column_int64(st, 4);
	l->server_id = htonl((uint32_t)sqlite3_column_int64(st, 5));
	l->cltt = sqlite3_column_int64(st, 6);
	copy_text(l->port, sizeof(l->port), sqlite3_column_text(st, 7));
	if (brief) {
		no_detail(l, true);
		l->flags = (uint32_t)sqlite3_column_int64(st, 8);
	} else {
		row_detail(st, 8, l);
		l->flags = (uint32_t)sqlite3_column_int64(st, 10);
	}
	l->v6 = false;
	l->prefix_len = 0;
	memset(l->addr6, 0, sizeof(l->addr6));
	l->preferred = 0;
	return true;
}

/* The same for a row of load6 (or brief6). */
static bool row_lease6(sqlite3_stmt *st, struct lease *l, bool brief)
{
	const void *a = sqlite3_column_blob(st, 0);
	const void *mac = sqlite3_column_blob(st, 3);

	if (!a || sqlite3_column_bytes(st, 0) != 16 || !mac ||
	    sqlite3_column_bytes(st, 3) != 6)
		return false;
	l->v6 = true;
	memcpy(l->addr6, a, 16);
	l->prefix_len = (uint8_t)sqlite3_column_int(st, 1);
	l->vid = (uint16_t)sqlite3_column_int(st, 2);
	memcpy(l->mac, mac, 6);
	l->addr = l->server_id = 0;
	l->expires_at = sqlite3_column_int64(st, 4);
	l->lease_time = (uint32_t)sqlite3_column_int64(st, 5);
	l->preferred = (uint32_t)sqlite3_column_int64(st, 6);
	l->cltt = sqlite3_column_int64(st, 7);
	copy_text(l->port, sizeof(l->port), sqlite3_column_text(st, 8));
	if (brief) {
		no_detail(l, true);
		l->flags = (uint32_t)sqlite3_column_int64(st, 9);
	} else {
		row_detail(st, 9, l);
		l->flags = (uint32_t)sqlite3_column_int64(st, 11);
	}
	return true;
}

/* The row @st is on, of the IPv4 (@v6 false) or IPv6 table. */
static bool row_any(sqlite3_stmt *st, bool v6, bool brief, struct lease *l)
{
	return v6 ? row_lease6(st, l, brief) : row_lease(st, l, brief);
}

int store_load(struct store *s, store_load_cb cb, void *arg)
{
	sqlite3_stmt *sts[2] = { s->load, s->load6 };
	int rc = SQLITE_DONE;
	bool stop = false;

	for (int t = 0; t < 2 && !stop; t++) {
		sqlite3_stmt *st = sts[t];

		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			struct lease l;

			if (row_any(st, t, false, &l) && cb(&l, arg)) {
				stop = true;
				break;
			}
		}
		sqlite3_reset(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return fail(s, rc, "load");
	}
	return 0;
}

/* Room in @vec for every stored lease: no reallocation of 100 k. */
static int reserve(struct store *s, struct lease_vec *vec)
{
	long count = store_count(s);

	if (count > 0 && (size_t)count > vec->cap - vec->n) {
		struct lease *v = realloc(vec->v,
					  (vec->n + (size_t)count) * sizeof(*v));

		if (!v)
			return -1;
		vec->v = v;
		vec->cap = vec->n + (size_t)count;
	}
	return 0;
}

/*
 * The lease @get reads from the row @st is on, into its place in @vec;
 * false if out of memory.  More rows than counted: a writer came in
 * between.
 */
static bool take(struct lease_vec *vec, sqlite3_stmt *st, int t, bool brief,
		 bool (*get)(sqlite3_stmt *, int, bool, struct lease *))
{
	struct lease l;

	if (vec->n < vec->cap) {
		vec->n += get(st, t, brief, &vec->v[vec->n]);
		return true;
	}
	return !get(st, t, brief, &l) || !lease_vec_push(vec, &l);
}

static bool get_cols(sqlite3_stmt *st, int t, bool brief, struct lease *l)
{
	return row_any(st, t, brief, l);
}

/*
 * The row's record, which must decode to a lease of its table: false for
 * a NULL one (the trigger's, an older schema's) or a bad one.
 */
static bool get_rec(sqlite3_stmt *st, int t, bool brief, struct lease *l)
{
	const void *b = sqlite3_column_blob(st, 0);
	int n = sqlite3_column_bytes(st, 0);

	(void)brief;
	return b && !lease_image_rec_decode(b, (size_t)n, l) && l->v6 == t;
}

/*
 * Every row's record into @vec: 1 read; 0 a row has none, or one that
 * does not decode (@vec as it was: the columns are to be read); -1 SQLite
 * failed, -2 out of memory.
 */
static int load_recs(struct store *s, struct lease_vec *vec)
{
	sqlite3_stmt *sts[2] = { s->recs, s->recs6 };
	size_t n0 = vec->n;
	int rc;

	for (int t = 0; t < 2; t++) {
		sqlite3_stmt *st = sts[t];

		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			size_t before = vec->n;

			if (!take(vec, st, t, false, get_rec)) {
				sqlite3_reset(st);
				return -2;
			}
			if (vec->n == before) {
				/* No good record: read the columns. */
				sqlite3_reset(st);
				vec->n = n0;
				return 0;
			}
		}
		sqlite3_reset(st);
		if (rc != SQLITE_DONE) {
			vec->n = n0;
			return fail(s, rc, "load");
		}
	}
	return 1;
}

/*
 * Every row of @sts (the IPv4 table's statement, the IPv6 one's) into @vec
 * by its columns: 0, -1 SQLite failed (@what in the message), -2 out of
 * memory.
 */
static int load_rows(struct store *s, struct lease_vec *vec,
		     sqlite3_stmt *const sts[2], bool brief, const char *what)
{
	int rc;

	for (int t = 0; t < 2; t++) {
		sqlite3_stmt *st = sts[t];

		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			if (!take(vec, st, t, brief, get_cols)) {
				sqlite3_reset(st);
				return -2;
			}
		}
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return fail(s, rc, "%s", what);
	}
	return 0;
}

/*
 * Each row straight into its place in @vec, sized from the count first:
 * its record if every row has a good one, else its columns.
 */
static int load_vec(struct store *s, struct lease_vec *vec, bool brief)
{
	int e;

	s->read_recs = false;
	if (reserve(s, vec))
		goto oom;
	e = load_recs(s, vec);
	if (e > 0) {
		s->read_recs = true;
		return 0;
	}
	if (!e) {
		sqlite3_stmt *sts[2] = { brief ? s->brief : s->load,
					 brief ? s->brief6 : s->load6 };

		e = load_rows(s, vec, sts, brief, "load");
	}
	if (e != -2)
		return e;
oom:
	snprintf(s->err, sizeof(s->err), "load: out of memory");
	return -1;
}

bool store_read_recs(const struct store *s)
{
	return s->read_recs;
}

int store_load_vec(struct store *s, struct lease_vec *vec)
{
	return load_vec(s, vec, false);
}

int store_load_vec_brief(struct store *s, struct lease_vec *vec)
{
	return load_vec(s, vec, true);
}

int store_detail(struct store *s, struct lease *l)
{
	sqlite3_stmt *st = l->v6 ? s->detail6 : s->detail;
	int rc;

	if (!l->brief)
		return 0;
	bind_key(st, l);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		row_detail(st, 0, l);
	else if (rc == SQLITE_DONE)
		no_detail(l, false);	/* gone since: nothing more to know */
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 :
	       fail(s, rc, "detail");
}

/* The key of the row @st (details, details6) is on into @k. */
static bool row_key(sqlite3_stmt *st, bool v6, struct lease *k)
{
	const void *b = sqlite3_column_blob(st, 0);
	int len = v6 ? 16 : 6;

	if (!b || sqlite3_column_bytes(st, 0) != len)
		return false;
	k->v6 = v6;
	memcpy(v6 ? k->addr6 : k->mac, b, (size_t)len);
	k->prefix_len = v6 ? (uint8_t)sqlite3_column_int(st, 1) : 0;
	k->vid = (uint16_t)sqlite3_column_int(st, v6 ? 2 : 1);
	return true;
}

bool store_any_brief(const struct lease_vec *vec)
{
	for (size_t i = 0; i < vec->n; i++)
		if (vec->v[i].brief)
			return true;
	return false;
}

/* One pass over both tables in key order, merged with @vec. */
int store_detail_vec(struct store *s, struct lease_vec *vec)
{
	sqlite3_stmt *sts[2] = { s->details, s->details6 };
	size_t i = 0;
	int rc;

	if (!store_any_brief(vec))
		return 0;	/* nothing to read */
	for (int t = 0; t < 2; t++) {
		sqlite3_stmt *st = sts[t];

		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			struct lease k;
			int c = 1;

			if (!row_key(st, t, &k))
				continue;
			while (i < vec->n &&
			       (c = lease_key_cmp(&vec->v[i], &k)) < 0)
				i++;
			if (i < vec->n && !c && vec->v[i].brief)
				row_detail(st, t ? 3 : 2, &vec->v[i]);
		}
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return fail(s, rc, "detail");
	}
	for (i = 0; i < vec->n; i++)
		if (vec->v[i].brief)
			no_detail(&vec->v[i], false);	/* gone since */
	return 0;
}

/*
 * The image (lease_image.h) of every lease, with the triggers that delete
 * it on a change: one transaction, so that an image there is always the
 * tables' content.  Read in full (bridge, circuit-id): the image is then
 * all the next start needs.
 */
int store_fill_recs(struct store *s, size_t *n)
{
	sqlite3_stmt *sts[2] = { s->norec, s->norec6 };
	struct lease_vec v = { 0 };
	int e = load_rows(s, &v, sts, false, "records");

	*n = 0;
	if (e == -2)
		snprintf(s->err, sizeof(s->err), "records: out of memory");
	if (!e && v.n) {
		e = store_begin(s);
		for (size_t i = 0; !e && i < v.n; i++)
			e = store_upsert(s, &v.v[i]);
		if (e)
			store_rollback(s);
		else
			e = store_commit(s);
		if (!e)
			*n = v.n;
	}
	lease_vec_free(&v);
	return e ? -1 : 0;
}

int store_save_image(struct store *s, size_t *n)
{
	struct lease_vec v = { 0 };
	size_t len, count;
	uint8_t *buf;
	int e;

	*n = 0;
	if (store_load_vec(s, &v))
		return -1;
	len = lease_image_size(v.v, v.n);
	buf = len <= INT_MAX ? malloc(len) : NULL;
	if (!buf || lease_image_encode(v.v, v.n, buf, len) != len) {
		free(buf);
		lease_vec_free(&v);
		snprintf(s->err, sizeof(s->err),
			 "image: out of memory (%zu octets)", len);
		return -1;
	}
	count = v.n;
	lease_vec_free(&v);
	if (store_begin(s)) {
		free(buf);
		return -1;
	}
	sqlite3_bind_blob(s->image_put, 1, buf, (int)len, SQLITE_STATIC);
	e = exec(s, IMAGE_ARM) || step_done(s, s->image_put, "image");
	free(buf);
	if (e) {
		store_rollback(s);
		return -1;
	}
	if (store_commit(s))
		return -1;
	/* The next write (of this process) drops them again. */
	s->disarmed = false;
	*n = count;
	return 0;
}

/*
 * The value read once into a buffer of ours (sqlite3_blob_read(): no copy
 * in SQLite's), decoded straight into the vector.
 */
int store_load_image(struct store *s, struct lease_vec *vec)
{
	enum lease_image_err ie;
	sqlite3_blob *b;
	uint8_t *buf = NULL;
	size_t count, got;
	int rc, len, ret = -1;

	/* A restore retried (clock not set yet) logs a bad image once. */
	if (s->image_rejected)
		return 0;
	rc = sqlite3_blob_open(s->db, "main", "restore_image", "data", 1, 0,
			       &b);
	if (rc != SQLITE_OK) {
		sqlite3_blob_close(b);
		/* No row: no image (l2rad wrote since, or anyone did). */
		if (rc == SQLITE_ERROR)
			return 0;
		return fail(s, rc, "image");
	}
	len = sqlite3_blob_bytes(b);
	buf = malloc(len ? (size_t)len : 1);
	if (!buf) {
		snprintf(s->err, sizeof(s->err), "image: out of memory");
		goto out;
	}
	rc = sqlite3_blob_read(b, buf, len, 0);
	if (rc != SQLITE_OK) {
		fail(s, rc, "image");
		goto out;
	}
	ie = lease_image_count(buf, (size_t)len, &count);
	if (!ie && count > vec->cap - vec->n) {
		struct lease *v = realloc(vec->v, (vec->n + count) * sizeof(*v));

		if (!v) {
			snprintf(s->err, sizeof(s->err), "image: out of memory");
			goto out;
		}
		vec->v = v;
		vec->cap = vec->n + count;
	}
	if (!ie)
		ie = lease_image_decode(buf, (size_t)len, vec->v + vec->n,
					vec->cap - vec->n, &got);
	if (ie) {
		snprintf(s->err, sizeof(s->err), "image of %d octets: %s", len,
			 lease_image_strerror(ie));
		s->image_rejected = true;
		ret = -2;
		goto out;
	}
	vec->n += got;
	ret = 1;
out:
	sqlite3_blob_close(b);
	free(buf);
	return ret;
}

int store_drop_expired(struct store *s, int64_t now, unsigned int *dropped)
{
	if (store_check(s))
		return -1;
	unsigned int n;

	if (store_begin(s))
		return -1;
	sqlite3_bind_int64(s->expire, 1, now);
	if (step_done(s, s->expire, "drop expired"))
		goto fail;
	n = (unsigned int)sqlite3_changes(s->db);
	sqlite3_bind_int64(s->expire6, 1, now);
	if (step_done(s, s->expire6, "drop expired"))
		goto fail;
	n += (unsigned int)sqlite3_changes(s->db);
	if (store_commit(s))
		return -1;
	if (dropped)
		*dropped = n;
	return 0;
fail:
	store_rollback(s);
	return -1;
}

int store_replace_all(struct store *s, const struct lease *v, size_t n)
{
	if (store_begin(s))
		return -1;
	if (step_done(s, s->clear, "clear") ||
	    step_done(s, s->clear6, "clear"))
		goto fail;
	for (size_t i = 0; i < n; i++)
		if (store_upsert(s, &v[i]))
			goto fail;
	return store_commit(s);
fail:
	store_rollback(s);
	return -1;
}

long store_count(struct store *s)
{
	long n = -1;

	if (sqlite3_step(s->count) == SQLITE_ROW)
		n = (long)sqlite3_column_int64(s->count, 0);
	sqlite3_reset(s->count);
	return n;
}

/* The one integer a query returns (NULL: 0); -1 on failure. */
static int64_t query_int(struct store *s, sqlite3_stmt *st, const char *what)
{
	int64_t v = -1;
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	else
		fail(s, rc, "%s", what);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return v;
}

int64_t store_newest_cltt(struct store *s)
{
	return query_int(s, s->newest, "newest cltt");
}

long store_count_unexpired(struct store *s, int64_t now)
{
	sqlite3_bind_int64(s->unexpired, 1, now);
	return (long)query_int(s, s->unexpired, "count unexpired");
}
