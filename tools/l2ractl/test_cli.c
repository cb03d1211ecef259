// SPDX-License-Identifier: GPL-2.0
/*
 * test_cli.c - command-line checks of l2ractl that need no kernel module:
 * help exits 0, usage errors exit 1 with a message naming the bad word, and
 * without the module every request fails with the "module not loaded"
 * message.  Usage: test_cli PATH-TO-L2RACTL
 *
 * Prints TAP: the plan "1..N" first (every case, whether or not it can run
 * here), then one "ok N - l2ractl ARGS" or "not ok N - ..." line per case
 * (with "# " diagnostics after a failure), so that a runner counts them and
 * sees any that went missing.  Exits 1 if any case failed.
 */
#define _GNU_SOURCE
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_ARGS 24

struct cli_case {
	int rc;
	const char *want;		/* substring of stdout + stderr */
	const char *argv[MAX_ARGS];	/* NULL-terminated */
};

#define LONG64	"0123456789012345678901234567890123456789012345678901234567890123"
#define HEX65	"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f" \
		"202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f40"

static const struct cli_case cases[] = {
	{ 0, "Usage: l2ractl", { "help" } },
	{ 0, "Usage: l2ractl", { "h" } },
	{ 0, "Usage: l2ractl", { "-h" } },
	{ 0, "Usage: l2ractl", { "--help" } },
	{ 0, "l2ractl ", { "-V" } },
	{ 0, "port set dev IFNAME", { "port", "help" } },
	{ 0, "port set dev IFNAME", { "p", "h" } },
	{ 0, "relay-id", { "bridge", "help" } },
	{ 0, "stats [ dev IFNAME ]", { "stats", "help" } },
	{ 1, "Usage: l2ractl", { NULL } },
	/* leasequery: usage errors, and a refused connection (port 1) */
	{ 0, "Bulk Leasequery", { "leasequery", "help" } },
	{ 1, "Usage: l2ractl leasequery", { "leasequery" } },
	{ 1, "\"server\" is required", { "leasequery", "by", "mac",
					 "02:00:00:00:00:01" } },
	{ 1, "\"by\" is required", { "leasequery", "server", "127.0.0.1" } },
	{ 1, "not a valid server", { "leasequery", "server", "1.2.3", "by",
				     "mac", "02:00:00:00:00:01" } },
	{ 1, "not a valid server", { "leasequery", "server", "[::1]:99999",
				     "by", "mac", "02:00:00:00:00:01" } },
	{ 1, "not a valid mac", { "leasequery", "server", "127.0.0.1", "by",
				  "mac", "02:00" } },
	{ 1, "invalid \"colour\" for \"by\"", { "leasequery", "server", "127.0.0.1", "by",
				 "colour", "red" } },
	{ 1, "DHCPv4 Bulk Leasequery cannot select by address",
	  { "leasequery", "server", "127.0.0.1", "by", "address", "::1" } },
	{ 1, "DHCPv6 Bulk Leasequery cannot select by mac",
	  { "leasequery", "server", "[::1]", "by", "mac",
	    "02:00:00:00:00:01" } },
	{ 1, "start and end are DHCPv4", { "leasequery", "server", "[::1]",
					   "by", "relay-id", "hex", "000300",
					   "start", "1" } },
	{ 1, "an id is needed", { "leasequery", "server", "127.0.0.1", "by",
				  "relay-id", "default" } },
	{ 1, "needs \"enterprise N\"", { "leasequery", "server", "[::1]",
					 "by", "remote-id", "hex", "0a0b" } },
	{ 1, "has no enterprise number", { "leasequery", "server",
					   "127.0.0.1", "by", "remote-id",
					   "x", "enterprise", "9" } },
	{ 1, "not a valid enterprise", { "leasequery", "server", "[::1]",
					 "by", "remote-id", "x", "enterprise",
					 "-1" } },
	{ 1, "not a valid timeout", { "leasequery", "server", "127.0.0.1",
				      "by", "relay-id", "x", "timeout",
				      "0" } },
	{ 1, "at most 8 servers", { "leasequery", "server", "1.1.1.1", "server",
				    "1.1.1.1", "server", "1.1.1.1", "server",
				    "1.1.1.1", "server", "1.1.1.1", "server",
				    "1.1.1.1", "server", "1.1.1.1", "server",
				    "1.1.1.1", "server", "1.1.1.1" } },
	{ 1, "unknown argument \"frob\"", { "leasequery", "frob" } },
	{ 1, "Connection refused", { "leasequery", "--server", "127.0.0.1:1",
				     "--by", "relay-id", "hex", "000300",
				     "timeout", "5" } },
	{ 1, "Connection refused", { "-j", "leasequery", "server", "[::1]:1",
				     "by", "client-id", "hex", "0001",
				     "timeout", "5" } },
	{ 1, "object \"bogus\" is unknown", { "bogus" } },
	{ 1, "option \"-x\" is unknown", { "-x", "port", "show" } },
	{ 1, "needs a network namespace", { "-n" } },
	{ 1, "command \"frob\" is unknown", { "port", "frob" } },
	{ 1, "ambiguous command \"s\"", { "port", "s" } },
	{ 1, "command \"frob\" is unknown", { "bridge", "frob" } },
	{ 1, "\"dev\" is required", { "port", "set", "role", "trusted" } },
	{ 1, "\"dev\" is required", { "port", "del" } },
	{ 1, "\"dev\" is required", { "bridge", "set", "relay", "on" } },
	{ 1, "\"dev\" is required", { "bridge", "del" } },
	{ 1, "\"role\" needs an argument", { "port", "set", "dev", "eth0", "role" } },
	{ 1, "invalid \"bogus\" for \"role\"",
	  { "port", "set", "dev", "eth0", "role", "bogus" } },
	{ 1, "invalid \"maybe\" for \"unicast\"",
	  { "port", "set", "dev", "eth0", "unicast", "maybe" } },
	{ 1, "ambiguous \"o\" for \"chaddr-check\"",
	  { "port", "set", "dev", "eth0", "chaddr-check", "o" } },
	{ 1, "invalid \"purge\" for \"opt82\"",
	  { "port", "set", "dev", "eth0", "opt82", "purge" } },
	{ 1, "unknown argument \"colour\"",
	  { "port", "set", "dev", "eth0", "colour", "red" } },
	{ 1, "duplicate \"role\"",
	  { "port", "set", "dev", "eth0", "role", "trusted", "role", "untrusted" } },
	{ 1, "duplicate \"dev\"", { "port", "set", "dev", "eth0", "dev", "eth1" } },
	{ 0, "[ source-guard { off | ip | ip-mac } ]", { "port", "help" } },
	{ 0, "binding add dev PORT mac MAC ip A.B.C.D", { "binding", "help" } },
	{ 0, "binding show [ dev PORT ]", { "help" } },
	{ 0, "relay-id", { "b", "help" } },	/* "b" is still "bridge" */
	{ 1, "\"dev\" is required", { "binding", "add", "mac", "02:00:00:00:00:01",
				       "ip", "192.0.2.1" } },
	{ 1, "\"ip\" is required", { "binding", "add", "dev", "eth0", "mac",
				      "02:00:00:00:00:01" } },
	{ 1, "\"mac\" is required", { "binding", "del", "vlan", "5" } },
	{ 1, "unknown argument \"expires\"", { "binding", "add", "dev", "eth0",
					       "expires", "60" } },
	{ 1, "command \"frob\" is unknown", { "binding", "frob" } },
	{ 1, "cannot be combined for \"binding flush\"",
	  { "binding", "flush", "dev", "eth0", "master", "br0" } },
	{ 1, "invalid \"ipv6\" for \"source-guard\"",
	  { "port", "set", "dev", "eth0", "source-guard", "ipv6" } },
	{ 1, "\"arp-guard\" needs an argument",
	  { "port", "set", "dev", "eth0", "arp-guard" } },
	{ 1, "duplicate \"source-guard\"",
	  { "port", "set", "dev", "eth0", "source-guard", "ip", "source-guard", "off" } },
	{ 1, "invalid hex \"0g\"",
	  { "port", "set", "dev", "eth0", "circuit-id", "hex", "0g" } },
	{ 1, "invalid hex \"01::02\"",
	  { "port", "set", "dev", "eth0", "remote-id", "hex", "01::02" } },
	{ 1, "\"circuit-id\" needs an argument",
	  { "port", "set", "dev", "eth0", "circuit-id", "hex" } },
	{ 1, "too long: at most 63",
	  { "port", "set", "dev", "eth0", "circuit-id", LONG64 } },
	{ 1, "empty circuit-id", { "port", "set", "dev", "eth0", "circuit-id", "" } },
	{ 1, "not a valid device name", { "port", "set", "dev", "0123456789abcdefX" } },
	{ 1, "unknown argument \"role\"", { "port", "del", "dev", "eth0", "role", "trusted" } },
	{ 1, "unknown argument \"rle\"", { "port", "show", "dev", "eth0", "rle" } },
	{ 1, "too short", { "bridge", "set", "dev", "br0", "relay-id", "hex", "0001" } },
	{ 1, "too long: at most 64",
	  { "bridge", "set", "dev", "br0", "relay-id", "hex", HEX65 } },
	{ 1, "invalid relay-id \"random\"",
	  { "bridge", "set", "dev", "br0", "relay-id", "random" } },
	{ 1, "invalid \"yes\" for \"relay\"",
	  { "bridge", "set", "dev", "br0", "relay", "yes" } },
	{ 1, "ambiguous argument \"re\"", { "bridge", "set", "dev", "br0", "re", "on" } },
	{ 1, "unknown argument \"master\"", { "bridge", "show", "master", "br0" } },
	{ 1, "cannot find device \"nosuchbr0\"", { "port", "show", "master", "nosuchbr0" } },
	{ 1, "unknown argument \"bogus\"", { "stats", "bogus" } },
	{ 1, "cannot open network namespace",
	  { "-n", "l2ractl-no-such-ns", "port", "show" } },
};

#define MAC	"aa:bb:cc:dd:ee:ff"
#define ADD	"lease", "add", "mac", MAC, "addr", "192.0.2.100", "expires", "3600"

/* The lease, monitor and config objects, and port lease-max. */
static const struct cli_case lease_cases[] = {
	{ 0, "lease show [ dev PORT ]", { "lease", "help" } },
	{ 0, "lease add mac MAC", { "l", "h" } },
	{ 0, "monitor [ lease ]", { "monitor", "help" } },
	{ 0, "config set lease-max N", { "config", "help" } },
	{ 0, "lease flush [ dev PORT | master BRIDGE ]", { "help" } },
	{ 0, "[ lease-max N ]", { "port", "help" } },
	{ 1, "command \"frob\" is unknown", { "lease", "frob" } },
	{ 1, "command \"frob\" is unknown", { "config", "frob" } },
	{ 1, "ambiguous command \"s\"", { "config", "s" } },
	{ 1, "\"mac\" is required", { "lease", "del" } },
	{ 1, "\"mac\" is required", { "lease", "del", "vlan", "5" } },
	{ 1, "\"mac\" is required",
	  { "lease", "add", "addr", "192.0.2.1", "expires", "60", "dev", "eth0" } },
	{ 1, "\"addr\" is required",
	  { "lease", "add", "mac", MAC, "expires", "60", "dev", "eth0" } },
	{ 1, "\"expires\" is required",
	  { "lease", "add", "mac", MAC, "addr", "192.0.2.1", "dev", "eth0" } },
	{ 1, "\"dev or circuit-id\" is required", { ADD } },
	{ 1, "\"dev\" and \"circuit-id\" cannot be combined",
	  { ADD, "dev", "eth0", "circuit-id", "br0:eth0" } },
	{ 1, "\"master\" needs \"circuit-id\"",
	  { ADD, "dev", "eth0", "master", "br0" } },
	{ 1, "needs TEXT or hex HEX, not default",
	  { ADD, "circuit-id", "default" } },
	{ 1, "invalid hex \"0g\"", { ADD, "circuit-id", "hex", "0g" } },
	{ 1, "too long: at most 63", { ADD, "circuit-id", LONG64 } },
	{ 1, "cannot find device \"nosuchbr0\"",
	  { ADD, "circuit-id", "br0:eth0", "master", "nosuchbr0" } },
	{ 1, "invalid MAC address \"aa:bb:cc:dd:ee\" for \"mac\"",
	  { "lease", "del", "mac", "aa:bb:cc:dd:ee" } },
	{ 1, "invalid MAC address \"aa-bb-cc-dd-ee-ff\"",
	  { "lease", "show", "mac", "aa-bb-cc-dd-ee-ff" } },
	{ 1, "invalid IPv4 address \"192.0.2.256\" for \"addr\"",
	  { "lease", "show", "addr", "192.0.2.256" } },
	{ 1, "invalid IPv4 address \"192.0.2\" for \"server\"",
	  { ADD, "dev", "eth0", "server", "192.0.2" } },
	{ 1, "invalid \"0\" for \"expires\": expected seconds from 1",
	  { "lease", "add", "mac", MAC, "addr", "192.0.2.1", "expires", "0" } },
	{ 1, "invalid \"1h\" for \"lease-time\"",
	  { ADD, "dev", "eth0", "lease-time", "1h" } },
	{ 1, "invalid \"4095\" for \"vlan\": expected a VLAN id from 0 to 4094",
	  { "lease", "del", "mac", MAC, "vlan", "4095" } },
	{ 1, "invalid \"-1\" for \"vlan\"", { "lease", "show", "vlan", "-1" } },
	{ 1, "\"vlan\" needs an argument", { "lease", "show", "mac", MAC, "vlan" } },
	{ 1, "duplicate \"vlan\"", { "lease", "show", "vlan", "1", "vlan", "2" } },
	{ 1, "duplicate \"mac\"",
	  { "lease", "del", "mac", MAC, "mac", "aabbccddeeff" } },
	{ 1, "duplicate \"expires\"", { ADD, "expires", "5" } },
	/* IPv6 bindings */
	{ 0, "lease add [ addr ] IPV6[/LEN]", { "lease", "help" } },
	{ 1, "invalid IPv6 address or prefix \"2001:db8::1/64\"",
	  { "lease", "add", "2001:db8::1/64", "dev", "eth0", "expires", "5" } },
	{ 1, "invalid IPv6 address or prefix \"2001:db8::/129\"",
	  { "lease", "del", "addr", "2001:db8::/129" } },
	{ 1, "duplicate \"addr\"",
	  { "lease", "del", "2001:db8::1", "2001:db8::2" } },
	{ 1, "\"expires\" is required",
	  { "lease", "add", "2001:db8::1", "dev", "eth0" } },
	{ 1, "\"server\" is for IPv4 leases",
	  { "lease", "add", "2001:db8::1", "dev", "eth0", "expires", "5",
	    "server", "192.0.2.1" } },
	{ 1, "\"preferred\" is for IPv6 bindings",
	  { ADD, "dev", "eth0", "preferred", "5" } },
	{ 1, "\"mac\" and an IPv6 address cannot be combined",
	  { "lease", "del", "2001:db8::1", "mac", MAC } },
	{ 1, "invalid \"inet4\" for \"family\": expected inet or inet6",
	  { "lease", "show", "family", "inet4" } },
	{ 1, "not with \"family inet\"",
	  { "lease", "show", "2001:db8::1", "family", "inet" } },
	{ 1, "ambiguous argument \"m\"", { "lease", "show", "m", "br0" } },
	{ 1, "ambiguous argument \"ma\"", { "lease", "add", "ma", MAC } },
	{ 1, "unknown argument \"addr\"",
	  { "lease", "del", "mac", MAC, "addr", "192.0.2.1" } },
	{ 1, "unknown argument \"vlan\"", { "lease", "flush", "vlan", "5" } },
	{ 1, "unknown argument \"expires\"", { "lease", "show", "expires", "5" } },
	{ 1, "\"dev\" and \"master\" cannot be combined",
	  { "lease", "flush", "dev", "eth0", "master", "br0" } },
	{ 1, "cannot find device \"nosuchbr0\"",
	  { "lease", "show", "master", "nosuchbr0" } },
	{ 1, "cannot find device \"nosuchdev0\"",
	  { "lease", "show", "dev", "nosuchdev0" } },
	{ 1, "cannot find device \"nosuchbr0\"",
	  { "lease", "flush", "master", "nosuchbr0" } },
	{ 1, "unknown argument \"route\"", { "monitor", "route" } },
	{ 1, "duplicate \"lease\"", { "monitor", "lease", "lease" } },
	{ 1, "\"lease-max\" is required", { "config", "set" } },
	{ 1, "invalid \"lots\" for \"lease-max\"",
	  { "config", "set", "lease-max", "lots" } },
	{ 1, "invalid \"4294967296\" for \"lease-max\"",
	  { "port", "set", "dev", "eth0", "lease-max", "4294967296" } },
	{ 1, "duplicate \"lease-max\"",
	  { "port", "set", "dev", "eth0", "lease-max", "1", "lease-max", "2" } },
	{ 1, "unknown argument \"bogus\"", { "config", "show", "bogus" } },
};

/* Port quotas: xid-max, rate, burst (the kernel checks their ranges). */
static const struct cli_case quota_cases[] = {
	{ 0, "[ xid-max N ] [ rate PPS ] [ burst N ]", { "port", "help" } },
	{ 0, "rate the DHCP packets per second it may send (0 to 100000, default 100)",
	  { "port", "help" } },
	{ 1, "invalid \"fast\" for \"rate\"",
	  { "port", "set", "dev", "eth0", "rate", "fast" } },
	{ 1, "invalid \"-1\" for \"burst\"",
	  { "port", "set", "dev", "eth0", "burst", "-1" } },
	{ 1, "invalid \"4294967296\" for \"xid-max\"",
	  { "port", "set", "dev", "eth0", "xid-max", "4294967296" } },
	{ 1, "duplicate \"rate\"",
	  { "port", "set", "dev", "eth0", "rate", "1", "ra", "2" } },
	{ 1, "duplicate \"burst\"",
	  { "port", "set", "dev", "eth0", "bu", "1", "burst", "2" } },
	{ 1, "\"xid-max\" needs an argument", { "port", "set", "dev", "eth0", "x" } },
	{ 1, "ambiguous argument \"r\"", { "port", "set", "dev", "eth0", "r", "5" } },
};

#define NOMOD "Error: l2ra module not loaded (generic netlink family \"l2ra\" not found)"

/* Only meaningful while the module is not loaded. */
static const struct cli_case nomod_cases[] = {
	{ 1, NOMOD, { "port", "show" } },
	{ 1, NOMOD, { "-j", "-p", "-s", "-s", "port", "show", "dev", "eth0" } },
	{ 1, NOMOD, { "port", "set", "dev", "eth0", "role", "trusted",
		      "circuit-id", "hex", "01:02:0a" } },
	{ 1, NOMOD, { "port", "del", "dev", "eth0" } },
	{ 1, NOMOD, { "bridge", "set", "dev", "br0", "relay", "on",
		      "relay-id", "generate" } },
	{ 1, NOMOD, { "bridge", "show" } },
	{ 1, NOMOD, { "b", "del", "d", "br0" } },
	{ 1, NOMOD, { "stats" } },
	{ 1, NOMOD, { "-j", "stats", "dev", "eth0" } },
	{ 1, NOMOD, { "lease" } },
	{ 1, NOMOD, { "-j", "lease", "show", "vlan", "0", "addr", "192.0.2.1" } },
	{ 1, NOMOD, { "lease", "show", "mac", MAC, "vlan", "10" } },
	{ 1, NOMOD, { "lease", "show", "dev", "lo", "master", "lo" } },
	{ 1, NOMOD, { ADD, "dev", "eth0" } },
	{ 1, NOMOD, { "lease", "add", "mac", "aabbccddeeff", "vlan", "4094",
		      "addr", "192.0.2.100", "expires", "3595", "circuit-id",
		      "hex", "01:02:0a", "master", "lo", "lease-time", "3600",
		      "server", "192.0.2.1" } },
	{ 1, NOMOD, { "l", "a", "mac", MAC, "a", "10.0.0.1", "e", "1", "c", "x" } },
	{ 1, NOMOD, { "lease", "del", "mac", MAC, "vlan", "100" } },
	{ 1, NOMOD, { "lease", "flush" } },
	{ 1, NOMOD, { "lease", "flush", "master", "lo" } },
	{ 1, NOMOD, { "lease", "flush", "dev", "eth0" } },
	{ 1, NOMOD, { "monitor" } },
	{ 1, NOMOD, { "-j", "monitor", "lease" } },
	{ 1, NOMOD, { "config" } },
	{ 1, NOMOD, { "-j", "config", "show" } },
	{ 1, NOMOD, { "config", "set", "lease-max", "0" } },
	{ 1, NOMOD, { "port", "set", "dev", "eth0", "lease-max", "100" } },
	{ 1, NOMOD, { "port", "set", "dev", "eth0", "xid-max", "64", "rate",
		      "0", "burst", "1" } },
};

/* print_args: " ARG..." of the command line */
static void print_args(char *const *argv, int n)
{
	for (int i = 1; i < n; i++)
		printf(" %s", argv[i][0] ? argv[i] : "''");
}

/* Run @bin with @c->argv as TAP test @num; 0 if the exit status and output
 * match, and one TAP line either way. */
static int run(const char *bin, const struct cli_case *c, unsigned int num)
{
	char *argv[MAX_ARGS + 2], out[8192];
	size_t len = 0;
	int fds[2], status;
	ssize_t r;
	pid_t pid;
	int n = 0;

	argv[n++] = (char *)bin;
	for (int i = 0; i < MAX_ARGS && c->argv[i]; i++)
		argv[n++] = (char *)c->argv[i];
	argv[n] = NULL;

	fflush(stdout);
	if (pipe(fds) < 0) {
		printf("not ok %u - pipe: %m\n", num);
		return -1;
	}
	pid = fork();
	if (pid < 0) {
		printf("not ok %u - fork: %m\n", num);
		return -1;
	}
	if (pid == 0) {
		dup2(fds[1], STDOUT_FILENO);
		dup2(fds[1], STDERR_FILENO);
		close(fds[0]);
		close(fds[1]);
		execv(bin, argv);
		perror("execv");
		_exit(127);
	}
	close(fds[1]);
	while ((r = read(fds[0], out + len, sizeof(out) - 1 - len)) > 0)
		len += (size_t)r;
	close(fds[0]);
	out[len] = '\0';
	if (waitpid(pid, &status, 0) < 0) {
		printf("not ok %u - waitpid: %m\n", num);
		return -1;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == c->rc &&
	    strstr(out, c->want)) {
		printf("ok %u - l2ractl", num);
		print_args(argv, n);
		printf("\n");
		return 0;
	}

	printf("not ok %u - l2ractl", num);
	print_args(argv, n);
	printf("\n# want status %d and \"%s\"; got status %d, output:\n# ",
	       c->rc, c->want, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	for (const char *p = out; *p; p++) {
		putchar(*p);
		if (*p == '\n' && p[1])
			fputs("# ", stdout);
	}
	printf("\n");
	return -1;
}

/* skip: case @num cannot run here; a TAP SKIP line so it is still counted */
static void skip(const struct cli_case *c, unsigned int num, const char *why)
{
	printf("ok %u - l2ractl", num);
	for (int i = 0; i < MAX_ARGS && c->argv[i]; i++)
		printf(" %s", c->argv[i][0] ? c->argv[i] : "''");
	printf(" # SKIP %s\n", why);
}

#define N(a)	(sizeof(a) / sizeof((a)[0]))

int main(int argc, char **argv)
{
	const char *bin = argc > 1 ? argv[1] : "./l2ractl";
	unsigned int num = 0, failed = 0;
	bool loaded;
	struct stat st;

	printf("1..%zu\n", N(cases) + N(lease_cases) + N(quota_cases) +
	       N(nomod_cases));
	printf("# test_cli %s\n", bin);
	for (size_t i = 0; i < N(cases); i++)
		failed += run(bin, &cases[i], ++num) != 0;
	for (size_t i = 0; i < N(lease_cases); i++)
		failed += run(bin, &lease_cases[i], ++num) != 0;
	for (size_t i = 0; i < N(quota_cases); i++)
		failed += run(bin, &quota_cases[i], ++num) != 0;
	/* The "module not loaded" cases mean something only without it. */
	loaded = stat("/sys/module/l2ra", &st) == 0;
	for (size_t i = 0; i < N(nomod_cases); i++) {
		if (loaded)
			skip(&nomod_cases[i], ++num, "l2ra module loaded");
		else
			failed += run(bin, &nomod_cases[i], ++num) != 0;
	}
	printf("# test_cli: %u/%u failed (%s)\n", failed, num, bin);
	return failed ? 1 : 0;
}
