# SPDX-License-Identifier: GPL-2.0
#
# l2ra: Layer 2 DHCP relay agent for Linux bridges.
#
#   make               module (for KVER), l2ractl, l2rad, selftest programs
#   make deps          install the Debian packages everything needs (root)
#   make demo          build and run the demo topology in a QEMU guest
#   make check         every test: unit, fuzz (bounded), selftests in guests
#                      (stock kernels; a subset on the debug kernel)
#   make check-debug   every selftest on the debug kernel
#   make unit | fuzz | checkpatch | debug-kernel | clean
#
# KVER selects the kernel to build for (default: the newest Debian kernel
# whose image and headers are installed, never `uname -r`).  KDIR overrides
# the kernel build directory; KVER then defaults to its kernelrelease.
ROOT	:= $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
BUILD	:= $(ROOT)/.build

ifdef KDIR
KVER	?= $(shell cat $(KDIR)/include/config/kernel.release)
else
KVER	?= $(shell $(ROOT)/tools/vm/kver.sh newest)
KDIR	:= /lib/modules/$(KVER)/build
endif
KMOD_OUT := $(BUILD)/kmod/$(KVER)

.PHONY: all kmod tools agent selftests deps demo check unit fuzz \
	checkpatch kselftest debug-kernel check-debug clean

all: kmod tools agent selftests

# Out-of-tree builds write objects next to the sources: build each kernel
# in its own directory of links so that several kernels can coexist.
kmod:
	@mkdir -p $(KMOD_OUT)
	@find $(KMOD_OUT) -maxdepth 1 -xtype l -delete
	@ln -sf $(ROOT)/kmod/Kbuild $(ROOT)/kmod/*.c $(ROOT)/kmod/*.h $(KMOD_OUT)/
	$(MAKE) -C $(KDIR) M=$(KMOD_OUT) L2RA_ROOT=$(ROOT) W=1 modules

tools:
	$(MAKE) -C tools/l2ractl

agent:
	@if [ -f agent/Makefile ]; then $(MAKE) -C agent; fi

# The kselftest framework (lib.mk, kselftest.h) comes from Debian's
# linux-source package at build time; it is not copied into the tree.
KSFT	:= $(BUILD)/kselftest
kselftest: $(KSFT)/.stamp
$(KSFT)/.stamp: $(ROOT)/scripts/get-kselftest.sh
	$(ROOT)/scripts/get-kselftest.sh $(KSFT)
	@touch $@

selftests: kselftest
	$(MAKE) -C selftests KSFT=$(KSFT)

deps:
	$(ROOT)/scripts/deps.sh

demo:
	$(ROOT)/scripts/demo.sh

.PHONY: bench bench-debug
bench: ; KVER=$(KVER) $(ROOT)/bench/run.sh
# What each checker of the debug kernel costs (Documentation/benchmarks.rst).
bench-debug: ; $(ROOT)/bench/debug_cost.sh

check:
	$(ROOT)/scripts/check.sh

# Every selftest on the debug kernel (make check runs DEBUG_SELFTESTS only).
check-debug:
	CHECK_DEBUG_ONLY=1 $(ROOT)/scripts/check.sh

unit:
	$(MAKE) -C tests unit

fuzz:
	$(MAKE) -C tests fuzz

checkpatch: kselftest
	$(ROOT)/scripts/checkpatch.sh

debug-kernel:
	$(ROOT)/tools/vm/debug-kernel.sh

clean:
	rm -rf $(BUILD)/kmod
	-$(MAKE) -C tests clean
	-$(MAKE) -C tools/l2ractl clean
	@if [ -f agent/Makefile ]; then $(MAKE) -C agent clean; fi
