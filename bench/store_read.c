// SPDX-License-Identifier: GPL-2.0
/*
 * store_read.c - l2rad's read of its lease store at a restore, alone, for
 * store_read_cost.sh under callgrind (issue 10, item 4).
 *
 *   store_read create PATH N   a store of N IPv4 leases shaped like the
 *                              agent bench's (lease_bench add: one port,
 *                              its bridge, the default circuit-id)
 *   store_read load PATH [full|detail|details|save|image]
 *                              store_open_unchecked() and
 *                              store_load_vec_brief(), as sync_full() reads
 *                              it, or store_load_vec() (full); then
 *                              store_detail() of every lease (detail) or
 *                              store_detail_vec() (details); prints the
 *                              count.  save: store_save_image(), as a
 *                              clean stop writes the restore image;
 *                              image: store_load_image(), as the next
 *                              start reads it
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <arpa/inet.h>

#include "../agent/store.h"

static int create(const char *path, unsigned long n)
{
	char moved[256], err[256];
	int64_t now = (int64_t)time(NULL);
	struct store *s;

	if (store_open(&s, path, moved, sizeof(moved), err, sizeof(err))) {
		fprintf(stderr, "store_read: %s\n", err);
		return 1;
	}
	if (store_begin(s))
		goto fail;
	for (unsigned long i = 0; i < n; i++) {
		struct lease l = { .mac = { 0x02, 0x10, (uint8_t)(i >> 24),
					    (uint8_t)(i >> 16),
					    (uint8_t)(i >> 8), (uint8_t)i } };

		l.addr = htonl(0x0a000000u + (uint32_t)i + 1);
		l.expires_at = now + 3600;
		l.lease_time = 3600;
		l.cltt = now;
		strcpy(l.port, "va");
		strcpy(l.bridge, "br0");
		memcpy(l.circuit_id, "br0:va", 6);
		l.circuit_id_len = 6;
		if (store_upsert(s, &l))
			goto fail;
	}
	if (store_commit(s))
		goto fail;
	store_close(s);
	return 0;
fail:
	fprintf(stderr, "store_read: %s\n", store_errmsg(s));
	store_close(s);
	return 1;
}

/* Each lease's detail by point lookup: the cost of a lease refused by name. */
static int detail_each(struct store *s, struct lease_vec *v)
{
	for (size_t i = 0; i < v->n; i++)
		if (store_detail(s, &v->v[i]))
			return -1;
	return 0;
}

static int load(const char *path, const char *mode)
{
	char moved[256], err[256];
	struct lease_vec v = { 0 };
	struct store *s;

	if (store_open_unchecked(&s, path, moved, sizeof(moved), err,
				 sizeof(err))) {
		fprintf(stderr, "store_read: %s\n", err);
		return 1;
	}
	if (!strcmp(mode, "save")) {
		size_t n;

		if (store_save_image(s, &n)) {
			fprintf(stderr, "store_read: %s\n", store_errmsg(s));
			store_close(s);
			return 1;
		}
		printf("%zu\n", n);
		store_close(s);
		return 0;
	}
	if (!strcmp(mode, "image")) {
		if (store_load_image(s, &v) != 1) {
			fprintf(stderr, "store_read: no image %s\n",
				store_errmsg(s));
			store_close(s);
			return 1;
		}
	} else if ((!strcmp(mode, "full") ? store_load_vec(s, &v) :
	     store_load_vec_brief(s, &v)) ||
	    (!strcmp(mode, "detail") && detail_each(s, &v)) ||
	    (!strcmp(mode, "details") && store_detail_vec(s, &v))) {
		fprintf(stderr, "store_read: %s\n", store_errmsg(s));
		store_close(s);
		return 1;
	}
	printf("%zu\n", v.n);
	lease_vec_free(&v);
	store_close(s);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "create"))
		return create(argv[2], strtoul(argv[3], NULL, 0));
	if ((argc == 3 || argc == 4) && !strcmp(argv[1], "load"))
		return load(argv[2], argc == 4 ? argv[3] : "brief");
	fprintf(stderr, "usage: store_read create PATH N | load PATH [full|detail|details]\n");
	return 2;
}
