# Lamina top-level build. `make run` boots Lamina in QEMU; `make test` builds and runs every test.
# Each component has its own Makefile; this one configures, orders and aggregates them.

BUILD   := $(CURDIR)/build
RESULTS := $(BUILD)/test-results
PYTHON  := /usr/bin/python3
KCONFIG_ENV := KCONFIG_CONFIG=$(CURDIR)/.config srctree=$(CURDIR)
AUTOCONF := $(BUILD)/include/generated/autoconf.h

# Components with a Makefile offering all / test / bench / fuzz / clean, in build order.
COMPONENTS := hypervisor lib/ring xenbus dom0-tools tests/abi tests/hypervisor tests/guests tests/ring tests/xenbus tests/dom0
present = $(foreach c,$(COMPONENTS),$(if $(wildcard $(c)/Makefile),$(c)))

SUBMAKE = $(MAKE) --no-print-directory -C $(1) O=$(BUILD)/$(1) TOP=$(CURDIR) RESULTS=$(RESULTS) \
	  AUTOCONF=$(AUTOCONF)

.PHONY: all deps defconfig menuconfig config test bench fuzz run clean distclean

all: deps $(AUTOCONF)
	@set -e; for c in $(present); do $(call SUBMAKE,$$c) all; done

deps:
	@scripts/deps.sh

.config:
	@cp configs/defconfig .config

defconfig:
	cp configs/defconfig .config

menuconfig: deps
	$(KCONFIG_ENV) $(PYTHON) -m menuconfig Kconfig

$(AUTOCONF): .config Kconfig | deps
	@mkdir -p $(dir $@)
	@$(KCONFIG_ENV) $(PYTHON) -m genconfig --header-path $@ Kconfig

config: $(AUTOCONF)

# Every component is built and tested even when an earlier one fails: a component that does not
# build is one recorded failure (its log kept), and the summary decides the exit code.
test: deps $(AUTOCONF)
	@rm -rf $(RESULTS); mkdir -p $(RESULTS)
	@for c in $(present); do \
		scripts/run-test.sh $(RESULTS) build/$$c -- $(call SUBMAKE,$$c) all || continue; \
		$(call SUBMAKE,$$c) test || true; \
	done
	@scripts/test-summary.sh $(RESULTS)

bench: all
	@for c in $(present); do $(call SUBMAKE,$$c) bench; done

fuzz: all
	@for c in $(present); do $(call SUBMAKE,$$c) fuzz; done

run: all
	@scripts/run-qemu.sh

clean:
	rm -rf $(BUILD)

distclean: clean
	rm -f .config .config.old
