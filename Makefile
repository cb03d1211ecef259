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
#   make help          the targets, and make check's phases and settings
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
	checkpatch kselftest debug-kernel check-debug clean help

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

# CHECK_PHASES, KVER, FUZZ_TIME, SELFTESTS, CHECK_DEBUG...: given on the
# command line or in the environment, make passes them to the script in its
# environment (KVER only when given: the default above is not exported, so
# that the guest phase runs every kernel).
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

# --- install ------------------------------------------------------------------
#
# make install [DESTDIR=...] [PREFIX=/usr/local] [KVER=... | KDIR=...]
#   the module (built for KVER) into /lib/modules/$(KVER)/updates, then
#   depmod (not with DESTDIR: the packager's install runs it); l2ractl and
#   l2rad into $(PREFIX)/sbin, their man pages, l2ractl's bash completion,
#   the systemd unit (its ExecStart naming that l2rad), the example
#   /etc/l2ra/l2rad.conf (never overwritten: l2rad reads that path whatever
#   PREFIX is) and the uapi header $(PREFIX)/include/linux/l2ra.h.
# make install-user      all but the module (the Debian package l2ra)
# make install-kmod      only the module
# make install-dkms      the module's source for DKMS in /usr/src/l2ra-$(VERSION)
#                        (then: dkms install l2ra/$(VERSION))
# make uninstall[-user|-kmod|-dkms]   removes what the install put; a
#                        config that differs from the example is kept
# make deb               the Debian packages l2ra and l2ra-dkms, and lintian,
#                        in .build/deb/ (scripts/deb.sh)
# Documentation/packaging.rst says more.
PREFIX		?= /usr/local
SBINDIR		?= $(PREFIX)/sbin
MANDIR		?= $(PREFIX)/share/man
INCLUDEDIR	?= $(PREFIX)/include
BASHCOMPDIR	?= $(PREFIX)/share/bash-completion/completions
SYSCONFDIR	?= /etc
# systemd looks in /lib/systemd/system and /usr/local/lib/systemd/system.
UNITDIR		?= $(if $(filter /usr,$(PREFIX)),/lib/systemd/system,$(PREFIX)/lib/systemd/system)
MODDIR		?= /lib/modules/$(KVER)/updates
DKMSDIR		?= /usr/src
VERSION		:= $(shell sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' $(ROOT)/dkms.conf)
INSTALL_VARS	= DESTDIR=$(DESTDIR) PREFIX=$(PREFIX) SBINDIR=$(SBINDIR) \
		  MANDIR=$(MANDIR) SYSCONFDIR=$(SYSCONFDIR) UNITDIR=$(UNITDIR) \
		  BASHCOMPDIR=$(BASHCOMPDIR)
DKMS_SRC	= $(DESTDIR)$(DKMSDIR)/l2ra-$(VERSION)

.PHONY: install install-user install-kmod install-dkms uninstall \
	uninstall-user uninstall-kmod uninstall-dkms deb

install: install-kmod install-user

install-user: tools agent
	$(MAKE) -C tools/l2ractl install $(INSTALL_VARS)
	$(MAKE) -C agent install $(INSTALL_VARS)
	install -D -m 0644 include/uapi/linux/l2ra.h \
		$(DESTDIR)$(INCLUDEDIR)/linux/l2ra.h

install-kmod: kmod
	install -D -m 0644 $(KMOD_OUT)/l2ra.ko $(DESTDIR)$(MODDIR)/l2ra.ko
	@if [ -z "$(DESTDIR)" ]; then echo "depmod -a $(KVER)"; depmod -a $(KVER); fi

install-dkms:
	install -d $(DKMS_SRC)/kmod $(DKMS_SRC)/include/uapi/linux
	install -m 0644 dkms.conf $(DKMS_SRC)/dkms.conf
	install -m 0644 kmod/Kbuild kmod/*.c kmod/*.h $(DKMS_SRC)/kmod/
	install -m 0644 include/uapi/linux/l2ra.h $(DKMS_SRC)/include/uapi/linux/

uninstall: uninstall-kmod uninstall-user

uninstall-user:
	$(MAKE) -C tools/l2ractl uninstall $(INSTALL_VARS)
	$(MAKE) -C agent uninstall $(INSTALL_VARS)
	rm -f $(DESTDIR)$(INCLUDEDIR)/linux/l2ra.h

uninstall-kmod:
	rm -f $(DESTDIR)$(MODDIR)/l2ra.ko
	@if [ -z "$(DESTDIR)" ]; then echo "depmod -a $(KVER)"; depmod -a $(KVER); fi

uninstall-dkms:
	rm -rf $(DKMS_SRC)

deb:
	$(ROOT)/scripts/deb.sh

help:
	@echo 'make               module (for KVER), l2ractl, l2rad, selftest programs'
	@echo 'make deps          install the Debian packages everything needs (root)'
	@echo 'make demo          the demo topology in a QEMU guest'
	@echo 'make check         every test; the last line is "N passed, N failed, N skipped"'
	@echo 'make check-debug   every selftest on the debug kernel'
	@echo 'make unit | fuzz | checkpatch | debug-kernel | bench | bench-debug | clean'
	@echo 'make install | uninstall   DESTDIR, PREFIX (/usr/local), KVER; also'
	@echo '                   install-user, install-kmod, install-dkms (and uninstall-*)'
	@echo 'make deb           Debian packages l2ra and l2ra-dkms, lintian (.build/deb/)'
	@echo
	@echo 'make check CHECK_PHASES="PHASE..." runs only the phases named (each builds'
	@echo 'what it needs; the others count as skipped), in this order:'
	@echo '  deps       install what is missing'
	@echo '  build      l2ra.ko for the guest kernels, l2ractl, l2rad, selftest programs'
	@echo '  unit       tests/unit (cmocka, ASan+UBSan)'
	@echo '  tool-unit  l2ractl: unit tests, command-line cases, man page'
	@echo '  fuzz       each libFuzzer target for FUZZ_TIME seconds (30; at least 1)'
	@echo '  responder  tests/blq_responder.sh, the Bulk Leasequery test responder'
	@echo '  agent      l2rad: make -C agent check (store crash test), tests/sandbox.sh,'
	@echo '             tests/l2rad_idle.sh'
	@echo '  package    tests/packaging.sh: make deb, lintian, DKMS build per kernel, install'
	@echo '  guest      the selftests in a QEMU guest, per stock kernel (or KVER=)'
	@echo '  debug      the debug kernel and DEBUG_SELFTESTS on it (CHECK_DEBUG=0: skipped)'
	@echo 'Settings: KVER (one guest kernel; must be installed), SELFTESTS,'
	@echo 'DEBUG_SELFTESTS, FUZZ_TIME, CHECK_DEBUG=0, VM_TIMEOUT, CHECK_RESULTS,'
	@echo 'CHECK_GUEST_JOBS (guest runs at a time, default 2).'
	@echo 'Documentation/testing.rst, "Phases", says more.'
