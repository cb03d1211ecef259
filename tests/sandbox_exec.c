// SPDX-License-Identifier: GPL-2.0
/*
 * sandbox_exec: run a command under the address-family restriction of a
 * systemd unit, for tests/sandbox.sh, on machines where systemd-run cannot
 * be used (no systemd as PID 1, as in a container).
 *
 *   sandbox_exec UNIT [--drop AF_X]... [--print] -- COMMAND [ARG]...
 *
 * Reads the RestrictAddressFamilies= lines of UNIT and installs a seccomp
 * filter with the effect systemd gives them on x86-64: socket(2) with a
 * family outside the list fails with EAFNOSUPPORT, everything else is
 * allowed; then execs COMMAND.  --drop removes a family from the list read
 * (to show that the filter bites); --print writes the families in force on
 * stderr.
 *
 * Understood: allow lists, possibly over several lines (they add up), an
 * empty assignment (resets), "none".  A deny list ("~AF_X") or an unknown
 * name is an error rather than a guess: the test must not pass on a line
 * it misread.
 *
 * Exit status: COMMAND's; 2 for a bad argument or unit line, 4 if this
 * kernel cannot load a seccomp filter, 127 if COMMAND cannot be run.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <seccomp.h>

#define KEY "RestrictAddressFamilies="

/* The names systemd accepts that a unit of ours could plausibly use. */
static const struct {
	const char *name;
	int af;
} families[] = {
	{ "AF_UNIX", AF_UNIX }, { "AF_LOCAL", AF_LOCAL },
	{ "AF_INET", AF_INET }, { "AF_INET6", AF_INET6 },
	{ "AF_NETLINK", AF_NETLINK }, { "AF_PACKET", AF_PACKET },
	{ "AF_KEY", AF_KEY }, { "AF_BLUETOOTH", AF_BLUETOOTH },
	{ "AF_CAN", AF_CAN }, { "AF_ALG", AF_ALG },
	{ "AF_VSOCK", AF_VSOCK }, { "AF_TIPC", AF_TIPC },
	{ "AF_XDP", AF_XDP }, { "AF_QIPCRTR", AF_QIPCRTR },
};
#define NFAM (sizeof(families) / sizeof(families[0]))

static int family_of(const char *name)
{
	for (size_t i = 0; i < NFAM; i++)
		if (!strcmp(families[i].name, name))
			return families[i].af;
	return -1;
}

static const char *name_of(int af)
{
	for (size_t i = 0; i < NFAM; i++)
		if (families[i].af == af)
			return families[i].name;
	return "?";
}

static int usage(void)
{
	fprintf(stderr, "usage: sandbox_exec UNIT [--drop AF_X]... [--print] -- COMMAND [ARG]...\n");
	return 2;
}

/* Read every RestrictAddressFamilies= of @path into @allow. */
static int read_unit(const char *path, bool allow[AF_MAX], bool *seen)
{
	char line[1024];
	unsigned int lineno = 0;
	FILE *f = fopen(path, "r");

	if (!f) {
		fprintf(stderr, "sandbox_exec: %s: %s\n", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		char *v, *tok, *save = NULL;

		lineno++;
		if (strncmp(line, KEY, strlen(KEY)))
			continue;
		*seen = true;
		v = line + strlen(KEY);
		v[strcspn(v, "\n")] = '\0';
		if (!*v || !strcmp(v, "none")) {
			memset(allow, 0, sizeof(bool) * AF_MAX);
			continue;
		}
		for (tok = strtok_r(v, " \t", &save); tok;
		     tok = strtok_r(NULL, " \t", &save)) {
			int af = tok[0] == '~' ? -1 : family_of(tok);

			if (af < 0) {
				fprintf(stderr, "sandbox_exec: %s:%u: '%s': %s\n",
					path, lineno, tok,
					tok[0] == '~' ? "deny lists are not understood"
						      : "unknown address family");
				fclose(f);
				return -1;
			}
			allow[af] = true;
		}
	}
	fclose(f);
	return 0;
}

/*
 * One rule per refused family below AF_MAX and one for the rest: libseccomp
 * ORs rules, and a single comparison per rule is what every version takes.
 * Returns 2 if the filter cannot be built (our bug), 4 if the kernel does
 * not take it (a missing capability).
 */
static int load_filter(const bool allow[AF_MAX])
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
	int e = 0;

	if (!ctx) {
		fprintf(stderr, "sandbox_exec: seccomp_init failed\n");
		return 2;
	}
	for (int af = 0; af < AF_MAX && !e; af++)
		if (!allow[af])
			e = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EAFNOSUPPORT),
					     SCMP_SYS(socket), 1,
					     SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)af));
	if (!e)
		e = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EAFNOSUPPORT),
				     SCMP_SYS(socket), 1,
				     SCMP_A0(SCMP_CMP_GE, (scmp_datum_t)AF_MAX));
	if (e) {
		fprintf(stderr, "sandbox_exec: building the filter: %s\n",
			strerror(-e));
		seccomp_release(ctx);
		return 2;
	}
	/* libseccomp sets no_new_privs first, as NoNewPrivileges=yes does. */
	e = seccomp_load(ctx);
	seccomp_release(ctx);
	if (e) {
		/* No seccomp in this kernel, or a sandbox around us forbids
		 * it: a missing capability, not a failure of the unit. */
		fprintf(stderr, "sandbox_exec: cannot load a seccomp filter: %s%s\n",
			strerror(-e),
			prctl(PR_GET_SECCOMP) < 0 ? " (kernel without seccomp)" : "");
		return 4;
	}
	return 0;
}

int main(int argc, char **argv)
{
	bool allow[AF_MAX] = { false }, seen = false, print = false;
	int i, e;

	if (argc < 2)
		return usage();
	if (read_unit(argv[1], allow, &seen))
		return 2;
	if (!seen) {
		fprintf(stderr, "sandbox_exec: %s has no %s line\n", argv[1], KEY);
		return 2;
	}
	for (i = 2; i < argc && strcmp(argv[i], "--"); i++) {
		if (!strcmp(argv[i], "--print")) {
			print = true;
		} else if (!strcmp(argv[i], "--drop") && i + 1 < argc) {
			int af = family_of(argv[++i]);

			if (af < 0) {
				fprintf(stderr, "sandbox_exec: unknown address family '%s'\n",
					argv[i]);
				return 2;
			}
			allow[af] = false;
		} else {
			return usage();
		}
	}
	if (i + 1 >= argc)
		return usage();
	if (print) {
		fprintf(stderr, "sandbox_exec: allowed:");
		for (int af = 0; af < AF_MAX; af++)
			if (allow[af])
				fprintf(stderr, " %s", name_of(af));
		fprintf(stderr, "\n");
	}
	e = load_filter(allow);
	if (e)
		return e;
	execvp(argv[i + 1], argv + i + 1);
	fprintf(stderr, "sandbox_exec: %s: %s\n", argv[i + 1], strerror(errno));
	return 127;
}
