// SPDX-License-Identifier: GPL-2.0
/*
 * Per-CPU counters: the packet path bumps its own CPU's copy without
 * atomics; readers add the copies up.
 */
#include <linux/percpu.h>
#include <linux/string.h>

#include "l2ra.h"

int l2ra_stats_init(struct l2ra_stats *s)
{
	int cpu;

	s->pcpu = alloc_percpu(struct l2ra_pcpu_stats);
	if (!s->pcpu)
		return -ENOMEM;
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(s->pcpu, cpu)->syncp);
	return 0;
}

void l2ra_stats_free(struct l2ra_stats *s)
{
	free_percpu(s->pcpu);
	s->pcpu = NULL;
}

void l2ra_stats_sum(const struct l2ra_stats *s, u64 *out)
{
	int cpu, i;

	memset(out, 0, sizeof(u64) * __L2RA_STAT_MAX);
	for_each_possible_cpu(cpu) {
		const struct l2ra_pcpu_stats *p = per_cpu_ptr(s->pcpu, cpu);
		unsigned int start;
		u64 v[__L2RA_STAT_MAX];

		do {
			start = u64_stats_fetch_begin(&p->syncp);
			for (i = 0; i < __L2RA_STAT_MAX; i++)
				v[i] = u64_stats_read(&p->cnt[i]);
		} while (u64_stats_fetch_retry(&p->syncp, start));
		for (i = 0; i < __L2RA_STAT_MAX; i++)
			out[i] += v[i];
	}
}
