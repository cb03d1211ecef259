// SPDX-License-Identifier: GPL-2.0
/*
 * main.c - l2rad: options, start-up and the event loop.
 *
 * One thread, one poll() over the event socket, a signalfd (SIGTERM,
 * SIGINT: flush and exit; SIGHUP: reload the config; SIGUSR1: restore from
 * the DHCP servers by Bulk Leasequery now), three timerfds (the
 * write-delay flush, the periodic retry, and one that fires when the wall
 * clock is set) and, while a restore from the DHCP servers runs, its TCP
 * connections: the restore is a state machine stepped from this loop, so
 * lease events keep flowing into the store meanwhile.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "agent.h"
#include "blq_client.h"
#include "leasequery.h"
#include "notify.h"
#include "sync.h"

enum { EXIT_OK = 0, EXIT_RUNTIME = 1, EXIT_USAGE = 2 };

static void arm(int fd, unsigned int first, unsigned int interval)
{
	struct itimerspec its = {
		.it_value = { .tv_sec = first, .tv_nsec = first ? 0 : 1 },
		.it_interval = { .tv_sec = interval },
	};

	timerfd_settime(fd, 0, &its, NULL);
}

/* ---- kernel events ---- */

static void on_lease(void *arg, uint8_t event, const struct lease *l)
{
	struct agent *a = arg;
	char kb[LEASE_KEY_STRLEN];
	int e;

	switch (event) {
	case L2RA_LEASE_EV_NEW:
	case L2RA_LEASE_EV_UPDATE:
	case L2RA_LEASE_EV_ADD:
		e = pending_put(&a->pending, l);
		break;
	case L2RA_LEASE_EV_RELEASE:
	case L2RA_LEASE_EV_DECLINE:
	case L2RA_LEASE_EV_NAK:
	case L2RA_LEASE_EV_EXPIRE:
	case L2RA_LEASE_EV_DEL:
		e = pending_del(&a->pending, l);
		break;
	default:
		log_debug(&a->log, "ignoring lease event %u for %s", event,
			  lease_key_str(l, kb));
		return;
	}
	log_debug(&a->log, "lease event %u for %s on %s", event,
		  lease_key_str(l, kb), l->port);
	if (e) {
		/* Lost an event: the dump will bring it back. */
		log_err(&a->log, "out of memory; resynchronising");
		a->need_resync = a->sync_now = true;
	}
	sync_unpark(a, l);
}

static void on_family(void *arg, bool up)
{
	struct agent *a = arg;

	if (up) {
		log_info(&a->log, "l2ra family registered (module loaded)");
		kernel_forget(a->kern);	/* its ids may be new */
		a->need_sync = a->sync_now = true;
		return;
	}
	log_info(&a->log, "l2ra family unregistered (module unloaded); the store keeps the leases");
	sync_flush(a);
	kernel_forget(a->kern);
	a->need_sync = a->need_resync = false;
}

static const struct kernel_ops kops = {
	.lease = on_lease,
	.family = on_family,
};

/* STATUS= while no restore from the servers runs. */
static void status_idle(struct agent *a)
{
	notify_status("%ld leases in the store",
		      a->store ? store_count(a->store) : 0L);
}

/*
 * READY=1 once the first sync with the kernel was tried (or the module is
 * absent): the store is loaded and events are being taken.  A sync that
 * waits for the clock must not hold the boot up.
 */
static void tell_ready(struct agent *a)
{
	int e;

	if (a->ready)
		return;
	a->ready = true;
	e = notify_ready();
	if (e < 0)
		log_warn(&a->log, "cannot notify systemd: %s", strerror(-e));
	if (!a->lq)
		status_idle(a);
}

/* Resolve the family if needed, then run what sync is due. */
static void do_syncs(struct agent *a, bool retry_tick)
{
	if (!kernel_present(a->kern)) {
		int e = kernel_resolve(a->kern);

		if (e == -ENOENT)
			return;
		if (e) {
			log_warn(&a->log, "cannot resolve the l2ra family: %s %s",
				 strerror(-e), kernel_extack(a->kern));
			return;
		}
		log_info(&a->log, "l2ra family found");
		a->need_sync = true;
	}
	if (a->need_lq && !a->lq && blq_now_ms() >= a->lq_next_ms) {
		bool first = !a->lq_waiting;
		int e = leasequery_start(a);

		/*
		 * -EAGAIN: no id yet, or the clock is not set; the retry tick
		 * (or the clock) asks again, the store is restored meanwhile.
		 * Started, the restore runs in the loop (leasequery_process()).
		 */
		if (e != -EAGAIN)
			a->need_lq = false;
		else if (first)
			a->need_sync = true;
	}
	if (a->need_sync) {
		if (!sync_full(a))
			a->need_sync = a->need_resync = false;
		tell_ready(a);
	} else if (a->need_resync) {
		if (!sync_resync(a))
			a->need_resync = false;
	} else if (retry_tick && a->parked.n) {
		sync_retry_parked(a);
	}
}

static void after_events(struct agent *a)
{
	size_t n = pending_count(&a->pending);

	if (!n)
		return;
	if (n >= AGENT_PENDING_MAX || !a->cfg.write_delay) {
		if (sync_flush(a) && !a->flush_armed) {
			arm(a->flush_fd, a->cfg.retry_interval, 0);
			a->flush_armed = true;
		}
		return;
	}
	if (!a->flush_armed) {
		arm(a->flush_fd, a->cfg.write_delay, 0);
		a->flush_armed = true;
	}
}

/*
 * A restore in progress keeps the settings it started with and goes on:
 * what it collected is not thrown away.
 */
static void reload(struct agent *a)
{
	struct config c;
	char err[512];

	if (config_load(&c, &a->opts, err, sizeof(err))) {
		log_err(&a->log, "reload: %s; keeping the old configuration",
			err);
		return;
	}
	if (strcmp(c.store, a->cfg.store)) {
		log_warn(&a->log, "reload: a new store path (%s) needs a restart; still using %s",
			 c.store, a->cfg.store);
		memcpy(c.store, a->cfg.store, sizeof(c.store));
	}
	if (c.retry_interval != a->cfg.retry_interval)
		arm(a->retry_fd, c.retry_interval, c.retry_interval);
	a->cfg = c;
	a->log.level = c.log_level;
	log_info(&a->log, "configuration reloaded: write_delay %u s, log_level %s, restore_max_age %u s, retry_interval %u s",
		 c.write_delay, log_level_name(c.log_level),
		 c.restore_max_age, c.retry_interval);
}

static void on_signal(struct agent *a)
{
	struct signalfd_siginfo si;

	while (read(a->sig_fd, &si, sizeof(si)) == sizeof(si)) {
		if (si.ssi_signo == SIGHUP) {
			notify_reloading();
			reload(a);
			if (a->ready)
				notify_ready();
		} else if (si.ssi_signo == SIGUSR1) {
			if (!a->cfg.lq_nservers) {
				log_warn(&a->log, "SIGUSR1: no leasequery_server configured");
				continue;
			}
			if (a->lq) {
				log_info(&a->log, "SIGUSR1: a restore from the DHCP servers is already running");
				continue;
			}
			log_info(&a->log, "SIGUSR1: restoring from the DHCP servers");
			a->need_lq = a->sync_now = true;
			a->lq_next_ms = 0;
		} else {
			log_info(&a->log, "signal %u: flushing and exiting",
				 si.ssi_signo);
			notify_stopping();
			a->stop = true;
		}
	}
}

static void on_timer(struct agent *a, int fd)
{
	uint64_t ticks;

	if (read(fd, &ticks, sizeof(ticks)) < 0)
		return;
	if (fd == a->flush_fd) {
		a->flush_armed = false;
		if (sync_flush(a)) {
			arm(a->flush_fd, a->cfg.retry_interval, 0);
			a->flush_armed = true;
		}
	} else {
		do_syncs(a, true);
		after_events(a);
	}
}

/*
 * TFD_TIMER_CANCEL_ON_SET: read() fails with ECANCELED when the wall clock
 * is set.  A device without RTC sets it late (NTP); the leases' expiries
 * are wall-clock times, so syncs and restores wait for it (sync.h).
 */
static void arm_clock(struct agent *a)
{
	struct itimerspec its = { .it_value = { .tv_sec = INT32_MAX } };

	timerfd_settime(a->clock_fd, TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET,
			&its, NULL);
}

static void on_clock(struct agent *a)
{
	uint64_t ticks;

	if (read(a->clock_fd, &ticks, sizeof(ticks)) < 0 &&
	    errno == ECANCELED) {
		log_info(&a->log, "the wall clock was set");
		if (kernel_present(a->kern))
			a->need_sync = true;
		a->sync_now = true;
	}
	arm_clock(a);
}

/* Earliest of @t and @ms from now (-1: none). */
static int sooner(int t, int64_t ms)
{
	if (ms < 0)
		ms = 0;
	if (ms > INT32_MAX)
		ms = INT32_MAX;
	return t < 0 || ms < t ? (int)ms : t;
}

static void watchdog(struct agent *a, int64_t now)
{
	if (!a->wd_usec || now < a->wd_next_ms)
		return;
	notify_watchdog();
	a->wd_next_ms = now + (int64_t)(a->wd_usec / 2000);
}

/* A restore ended: push what it brought; none complete, ask again later. */
static void restore_ended(struct agent *a, bool complete)
{
	if (kernel_present(a->kern) && !a->lq_pushed)
		a->need_sync = true;
	a->sync_now = true;
	if (!complete) {
		log_warn(&a->log, "leasequery: no server answered completely; asking again in %u s",
			 a->cfg.lq_max_retry);
		a->need_lq = true;
		a->lq_next_ms = blq_now_ms() + (int64_t)a->cfg.lq_max_retry * 1000;
	}
	status_idle(a);
}

/*
 * A restore from the servers is due at lq_next_ms (none runs, ids known).
 * Not while the family is missing: do_syncs() cannot start it then, and a
 * due time that has passed would make every poll() return at once.  The
 * family's arrival (on_family()) runs do_syncs() anyway.
 */
static bool restore_scheduled(const struct agent *a)
{
	return a->need_lq && !a->lq && !a->lq_waiting &&
	       kernel_present(a->kern);
}

enum { PFD_SIG, PFD_FLUSH, PFD_RETRY, PFD_EVENTS, PFD_CLOCK, PFD_BASE };

static int run(struct agent *a)
{
	struct pollfd *p = NULL;
	size_t cap = 0;
	int ret = 0;

	while (!a->stop) {
		size_t want = PFD_BASE + leasequery_nfds_max(a), n;
		int64_t now = blq_now_ms();
		bool complete;
		int t;

		watchdog(a, now);
		if (a->sync_now) {
			a->sync_now = false;
			do_syncs(a, false);
			after_events(a);
			continue;
		}
		if (want > cap) {
			struct pollfd *np = realloc(p, want * sizeof(*p));

			if (!np) {
				log_err(&a->log, "out of memory");
				ret = -1;
				break;
			}
			p = np;
			cap = want;
		}
		p[PFD_SIG] = (struct pollfd){ .fd = a->sig_fd, .events = POLLIN };
		p[PFD_FLUSH] = (struct pollfd){ .fd = a->flush_fd,
						.events = POLLIN };
		p[PFD_RETRY] = (struct pollfd){ .fd = a->retry_fd,
						.events = POLLIN };
		p[PFD_EVENTS] = (struct pollfd){ .fd = kernel_event_fd(a->kern),
						 .events = POLLIN };
		p[PFD_CLOCK] = (struct pollfd){ .fd = a->clock_fd,
						.events = POLLIN };
		n = PFD_BASE + leasequery_pollfds(a, p + PFD_BASE,
						  cap - PFD_BASE);
		t = leasequery_timeout_ms(a, now);
		if (restore_scheduled(a))
			t = sooner(t, a->lq_next_ms - now);
		if (a->wd_usec)
			t = sooner(t, a->wd_next_ms - now);
		if (poll(p, n, t) < 0) {
			if (errno == EINTR)
				continue;
			log_err(&a->log, "poll: %s", strerror(errno));
			ret = -1;
			break;
		}
		if (p[PFD_SIG].revents)
			on_signal(a);
		if (a->stop)
			break;
		if (p[PFD_EVENTS].revents) {
			int e = kernel_recv_events(a->kern, &kops, a);

			if (e == -ENOBUFS) {
				log_warn(&a->log, "lease events lost (socket overrun): resynchronising with a dump");
				if (kernel_present(a->kern))
					a->need_resync = a->sync_now = true;
			} else if (e < 0) {
				log_warn(&a->log, "receiving lease events: %s",
					 strerror(-e));
			}
			after_events(a);
		}
		if (p[PFD_FLUSH].revents)
			on_timer(a, a->flush_fd);
		if (p[PFD_RETRY].revents)
			on_timer(a, a->retry_fd);
		if (p[PFD_CLOCK].revents)
			on_clock(a);
		if (leasequery_process(a, p + PFD_BASE, n - PFD_BASE,
				       blq_now_ms(), &complete))
			restore_ended(a, complete);
		if (restore_scheduled(a) && blq_now_ms() >= a->lq_next_ms)
			a->sync_now = true;
	}
	/* What a restore collected so far is worth keeping. */
	leasequery_stop(a, "l2rad is stopping");
	free(p);
	return ret;
}

/* ---- start-up ---- */

static int lock_store(struct agent *a)
{
	char path[CONFIG_PATH_MAX + 8];
	int fd;

	snprintf(path, sizeof(path), "%s.lock", a->cfg.store);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0) {
		log_err(&a->log, "cannot open %s: %s", path, strerror(errno));
		return -1;
	}
	if (flock(fd, LOCK_EX | LOCK_NB)) {
		log_err(&a->log, "%s is in use by another l2rad", a->cfg.store);
		close(fd);
		return -1;
	}
	return fd;	/* held until exit */
}

static void make_store_dir(const struct agent *a)
{
	char dir[CONFIG_PATH_MAX];
	char *slash;

	snprintf(dir, sizeof(dir), "%s", a->cfg.store);
	slash = strrchr(dir, '/');
	if (!slash || slash == dir)
		return;
	*slash = '\0';
	if (mkdir(dir, 0750) && errno != EEXIST)
		log_warn(&a->log, "cannot create %s: %s", dir,
			 strerror(errno));
}

/* Fork; the parent exits with the status the child reports on @pipe. */
static int daemonize(int *report_fd)
{
	int p[2];
	pid_t pid;
	char st = EXIT_RUNTIME;

	if (pipe2(p, O_CLOEXEC))
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid > 0) {
		close(p[1]);
		if (read(p[0], &st, 1) != 1)
			st = EXIT_RUNTIME;
		_exit(st);
	}
	close(p[0]);
	setsid();
	if (chdir("/"))
		return -1;
	*report_fd = p[1];
	return 0;
}

static void report(int *fd, char status)
{
	int devnull;

	if (*fd < 0)
		return;
	devnull = open("/dev/null", O_RDWR);
	if (devnull >= 0) {
		dup2(devnull, 0);
		dup2(devnull, 1);
		dup2(devnull, 2);
		if (devnull > 2)
			close(devnull);
	}
	if (write(*fd, &status, 1) != 1)
		status = 0;
	close(*fd);
	*fd = -1;
}

static int setup_fds(struct agent *a)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGUSR1);
	if (sigprocmask(SIG_BLOCK, &set, NULL))
		return -1;
	signal(SIGPIPE, SIG_IGN);
	a->sig_fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	a->flush_fd = timerfd_create(CLOCK_MONOTONIC,
				     TFD_NONBLOCK | TFD_CLOEXEC);
	a->retry_fd = timerfd_create(CLOCK_MONOTONIC,
				     TFD_NONBLOCK | TFD_CLOEXEC);
	a->clock_fd = timerfd_create(CLOCK_REALTIME,
				     TFD_NONBLOCK | TFD_CLOEXEC);
	if (a->sig_fd < 0 || a->flush_fd < 0 || a->retry_fd < 0 ||
	    a->clock_fd < 0)
		return -1;
	arm(a->retry_fd, a->cfg.retry_interval, a->cfg.retry_interval);
	arm_clock(a);
	a->wd_usec = notify_watchdog_usec();
	return 0;
}

static void print_config(const struct config *c)
{
	printf("store = %s\nwrite_delay = %u\nlog_level = %s\n"
	       "restore_max_age = %u\nretry_interval = %u\n",
	       c->store, c->write_delay, log_level_name(c->log_level),
	       c->restore_max_age, c->retry_interval);
	for (unsigned int i = 0; i < c->lq_nservers; i++)
		printf("leasequery_server = %s\n", c->lq_servers[i]);
	printf("leasequery_by = %s\n",
	       c->lq_by == CONFIG_LQ_BY_REMOTE_ID ? "remote-id" : "relay-id");
	for (unsigned int i = 0; i < c->lq_nids; i++) {
		printf("leasequery_id = ");
		for (unsigned int j = 0; j < c->lq_ids[i].len; j++)
			printf("%s%02x", j ? ":" : "", c->lq_ids[i].id[j]);
		printf("\n");
	}
	printf("leasequery_store_max_age = %u\nleasequery_conn_timeout = %u\n"
	       "leasequery_data_timeout = %u\nleasequery_max_retry = %u\n"
	       "leasequery_attempts = %u\nleasequery_connections = %u\n"
	       "leasequery_deadline = %u\n",
	       c->lq_store_max_age, c->lq_conn_timeout, c->lq_data_timeout,
	       c->lq_max_retry, c->lq_attempts, c->lq_connections,
	       c->lq_deadline);
}

int main(int argc, char **argv)
{
	struct agent a = { .sig_fd = -1, .flush_fd = -1, .retry_fd = -1,
			   .clock_fd = -1 };
	char err[4200], moved[4200];
	int report_fd = -1, lock_fd, e, status = EXIT_RUNTIME;
	const char *why = "";
	struct stat st;
	int64_t mtime;
	bool created;

	if (config_parse_args(&a.opts, argc, argv, err, sizeof(err))) {
		fprintf(stderr, "l2rad: %s\n", err);
		config_usage(stderr);
		return EXIT_USAGE;
	}
	if (a.opts.help) {
		config_usage(stdout);
		return EXIT_OK;
	}
	if (a.opts.version) {
		printf("l2rad %s (store schema %d)\n", L2RAD_VERSION,
		       STORE_SCHEMA_VERSION);
		return EXIT_OK;
	}
	if (config_load(&a.cfg, &a.opts, err, sizeof(err))) {
		fprintf(stderr, "l2rad: %s\n", err);
		return EXIT_USAGE;
	}
	if (a.opts.check_config) {
		print_config(&a.cfg);
		return EXIT_OK;
	}
	/*
	 * Large vectors (a restore's leases: 17 MB for 100 k) in mappings
	 * of their own: realloc() then moves pages (mremap()) instead of
	 * copying them into fresh heap, where every page is cleared again,
	 * and free() gives them back at once.  A fixed threshold, because
	 * glibc raises its own after the first such free() and would put
	 * the next restore's vectors in the heap.
	 */
	mallopt(M_MMAP_THRESHOLD, 256 * 1024);
	if (!a.opts.foreground && daemonize(&report_fd)) {
		fprintf(stderr, "l2rad: cannot daemonize: %s\n",
			strerror(errno));
		return EXIT_RUNTIME;
	}
	log_open(&a.log, !a.opts.foreground, a.cfg.log_level);
	if (pending_init(&a.pending) || setup_fds(&a)) {
		log_err(&a.log, "start-up: %s", strerror(errno));
		goto out;
	}
	make_store_dir(&a);
	lock_fd = lock_store(&a);
	if (lock_fd < 0)
		goto out;
	created = stat(a.cfg.store, &st) && errno == ENOENT;
	mtime = leasequery_store_mtime(a.cfg.store);
	/* Checked after the first restore: see store_open_unchecked(). */
	if (store_open_unchecked(&a.store, a.cfg.store, moved, sizeof(moved),
				 err, sizeof(err))) {
		log_err(&a.log, "cannot open lease store %s: %s", a.cfg.store,
			err);
		goto out;
	}
	if (moved[0])
		log_err(&a.log,
			"LEASE STORE %s WAS CORRUPT: moved to %s, started a fresh one",
			a.cfg.store, moved);
	log_info(&a.log, "l2rad %s: store %s (%ld leases), write delay %u s",
		 L2RAD_VERSION, a.cfg.store, store_count(a.store),
		 a.cfg.write_delay);
	a.need_lq = leasequery_wanted(&a, created || moved[0], mtime, &why);
	if (a.need_lq)
		log_info(&a.log, "%s: restoring from %u DHCP server(s) by Bulk Leasequery",
			 why, a.cfg.lq_nservers);
	if (kernel_open(&a.kern, KERNEL_EVENT_RCVBUF, err, sizeof(err))) {
		log_err(&a.log, "%s", err);
		goto out;
	}
	e = kernel_resolve(a.kern);
	if (e == -ENOENT)
		log_info(&a.log, "l2ra module not loaded; waiting for its family to appear");
	else if (e)
		log_warn(&a.log, "cannot resolve the l2ra family: %s; retrying every %u s",
			 strerror(-e), a.cfg.retry_interval);
	else
		a.need_sync = a.sync_now = true;
	/* Nothing to sync with yet: the daemon is ready all the same. */
	if (!a.need_sync)
		tell_ready(&a);
	report(&report_fd, EXIT_OK);
	status = run(&a) ? EXIT_RUNTIME : EXIT_OK;
	if (sync_flush(&a))
		status = EXIT_RUNTIME;
	/* A clean stop: the next start reads the image, not the rows. */
	if (a.store && !status) {
		size_t n;

		/* Rows changed by hand: read fast after a crash again. */
		if (store_fill_recs(a.store, &n))
			log_warn(&a.log, "cannot write the leases' records: %s",
				 store_errmsg(a.store));
		else if (n)
			log_info(&a.log, "records of %zu leases written", n);
		if (store_save_image(a.store, &n))
			log_warn(&a.log, "cannot write the restore image: %s",
				 store_errmsg(a.store));
		else
			log_info(&a.log, "restore image of %zu leases written", n);
	}
	log_info(&a.log, "exiting (%ld leases in the store)",
		 a.store ? store_count(a.store) : -1L);
out:
	report(&report_fd, (char)status);
	kernel_close(a.kern);
	store_close(a.store);
	pending_free(&a.pending);
	lease_vec_free(&a.parked);
	log_close(&a.log);
	return status;
}
