# FieldLedger — two commands on a fresh Debian machine:
#   make demo   installs what is missing, builds, and runs the main job on the embedded sample data
#   make test   installs what is missing and runs every test
SHELL := /bin/bash
APT_PACKAGES := libncurses-dev libsqlite3-dev libcurl4-openssl-dev sqlite3 tmux
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
SWIFT ?= swift

.PHONY: deps build debug test demo bench clean

## deps: install the Debian packages FieldLedger builds and tests against (only those missing)
deps:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "make deps: installing$$missing (apt-get update first)"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null \
	    || { echo "make deps: could not install$$missing — install them by hand and re-run"; exit 1; }; \
	else echo "make deps: all present ($(APT_PACKAGES))"; fi

## build: release build of the fieldledger binary
build: deps
	$(SWIFT) build -c release --product fieldledger

debug: deps
	$(SWIFT) build --product fieldledger

## test: every test (unit, over-HTTP against the simulators, rendering, end-to-end under tmux)
# At most 6 tests at once: unbounded, 550 tests start dozens of simulators, daemons and tmux
# sessions in the first minute and starve one another on 2 cores (measured: 495 s with three
# timeouts unbounded, 354 s at 6).
test: deps
	$(SWIFT) build --build-tests
	SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH=6 $(SWIFT) test --skip-build

## demo: the simulators on sample-data/, a fresh store, the engine and the console in one process
demo: build
	./.build/release/fieldledger demo

## bench: the benchmarks (release build); figures go in the README
bench: build
	./.build/release/fieldledger bench trace
	./.build/release/fieldledger bench sim

clean:
	rm -rf .build
