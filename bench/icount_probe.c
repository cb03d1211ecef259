// SPDX-License-Identifier: GPL-2.0
/*
 * icount_probe N: execute N dec/jnz iterations (2 * N instructions) and
 * print the CLOCK_MONOTONIC nanoseconds they took, and ns per instruction.
 * Under QEMU -icount shift=0 every guest instruction should advance the
 * guest's clocks by 1 ns; bench/fwd.sh prints what this guest does.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	unsigned long n = argc > 1 ? strtoul(argv[1], NULL, 0) : 100000000;
	unsigned long i = n;
	double t0, t1;

	t0 = now_ns();
	__asm__ volatile("1: dec %0\n\tjnz 1b" : "+r" (i) : : "cc");
	t1 = now_ns();
	printf("%lu instructions in %.0f ns: %.4f ns per instruction\n",
	       2 * n, t1 - t0, (t1 - t0) / (2.0 * n));
	return 0;
}
