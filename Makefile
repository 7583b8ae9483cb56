# floe: one plain Makefile.  `make` builds build/libfloe.a and build/floe;
# `make check` runs every test; `make deps` installs what is missing.
# SANITIZE=address,undefined builds an instrumented tree under build/san.

CC ?= cc
PREFIX ?= /usr/local
PKGS = yaml-0.1 libcyaml jansson libpcre2-8 libsodium

ifeq ($(SANITIZE),)
BUILD ?= build
OPT ?= -O2
SANFLAGS =
else
BUILD ?= build/san
OPT ?= -O1
SANFLAGS = -fsanitize=$(SANITIZE) -fno-sanitize-recover=all -fno-omit-frame-pointer -DFLOE_DEBUG_ARENA
endif

WARN = -Wall -Wextra -Wvla -Wwrite-strings -Wstrict-prototypes -Wshadow \
       -Wformat=2 -Wno-unused-parameter -Wsuggest-attribute=format
ifneq ($(CI),)
WARN += -Werror
endif
ifneq ($(WERROR),)
WARN += -Werror
endif

# Read when a recipe runs, not when make parses this file (recursive `=`):
# on a fresh machine `make demo` installs the -dev packages (deps) before
# anything is compiled, and pkg-config only answers after that.  The
# libraries are Debian's shared ones, linked as a Debian package links them.
PKG_CONFIG ?= pkg-config
PKG_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)

# libduckdb as `make deps` fetches it, in a folder named by its version: a
# new version is a new folder, so a build/deps kept from an older one (CI
# caches, developer machines) is fetched again, not reused.
DUCKDB_VERSION = 1.5.6
DEPS_DIR = build/deps
DUCKDB_DIR = $(DEPS_DIR)/duckdb-$(DUCKDB_VERSION)
DUCKDB_INC ?= $(DUCKDB_DIR)/include
DUCKDB_LIBDIR ?= $(DUCKDB_DIR)/lib
DUCKDB_DEFAULT_LIB = $(abspath $(DUCKDB_LIBDIR))/libduckdb.so

CPPFLAGS += -Iinclude -Isrc -I$(BUILD)/gen -I$(DUCKDB_INC) -D_GNU_SOURCE \
	    -DFLOE_DUCKDB_DEFAULT='"$(DUCKDB_DEFAULT_LIB)"'
# The CLI sees libfloe's public headers and src/util only: it does no
# library work of its own (README, "Layout").
CLI_CPPFLAGS = -Iinclude -Isrc/util -D_GNU_SOURCE
CFLAGS ?= -g $(OPT)
CFLAGS += -std=c11 -MMD -MP $(WARN) $(SANFLAGS) $(PKG_CFLAGS)
LDFLAGS += $(SANFLAGS)
LDLIBS += $(PKG_LIBS) -lm -ldl -lpthread

LIB_SRC := $(sort $(wildcard src/util/*.c src/diag/*.c src/doc/*.c src/json/*.c \
	src/yaml/*.c src/load/*.c \
	src/schema/*.c src/resolve/*.c src/jinja/*.c src/emit/*.c src/runtime/*.c src/observe/*.c \
	src/inspect/*.c src/lint/*.c))
CLI_SRC := $(sort $(wildcard src/cli/*.c))
EMBED_IN := $(sort $(wildcard schemas/*.json templates/*))
GEN_SRC := $(BUILD)/gen/embedded.c

LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/embedded.o
CLI_OBJ := $(CLI_SRC:%.c=$(BUILD)/%.o)

UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(filter-out %/test_schema_suite,$(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%))
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_REPLAY := $(FUZZ_SRC:tests/fuzz/%.c=$(BUILD)/fuzz/%-replay)

.PHONY: debs all check layers unit suite golden golden-update fuzz-replay examples-check paths-check bench-jinja \
	deps bench-deps canary process observe lint-corpus corpus hostile valgrind install clean bench fuzz demo headertest

all: $(BUILD)/floe

$(BUILD)/floe: $(CLI_OBJ) $(BUILD)/libfloe.a
	$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/libfloe.a $(LDLIBS)

$(BUILD)/libfloe.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/src/cli/%.o: src/cli/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CLI_CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

# Schemas and templates are embedded in the binary: one file to install,
# and `floe schema export` prints exactly what floe validates with.
$(BUILD)/tools/embed: src/tools/embed.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -O1 -o $@ $< $$($(PKG_CONFIG) --cflags --libs jansson)

$(GEN_SRC): $(BUILD)/tools/embed $(EMBED_IN)
	@mkdir -p $(dir $@)
	$(BUILD)/tools/embed $(EMBED_IN) > $@.tmp && mv $@.tmp $@

$(BUILD)/gen/embedded.o: $(GEN_SRC)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c tests/unit/unit.h $(BUILD)/libfloe.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -Itests/unit -o $@ $< $(BUILD)/libfloe.a $(LDLIBS)

$(BUILD)/fuzz/%-replay: tests/fuzz/%.c tests/fuzz/replay.c $(BUILD)/libfloe.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< tests/fuzz/replay.c $(BUILD)/libfloe.a $(LDLIBS)

check: all layers unit suite golden hostile fuzz-replay examples-check paths-check canary process lint-corpus corpus observe
	@echo "check: all passed"

# The layer rule over the built objects (tests/layers.sh states the order
# the README gives), after its self-test proves it can fail.
layers: $(LIB_OBJ) $(CLI_OBJ)
	@CC="$(CC)" sh tests/layers_selftest.sh
	@sh tests/layers.sh $(LIB_OBJ) $(CLI_OBJ)

unit: $(UNIT_BIN)
	@set -e; for t in $(UNIT_BIN); do $$t; done

suite: $(BUILD)/tests/test_schema_suite
	$(BUILD)/tests/test_schema_suite /usr/share/json-schema-test-suite
	$(BUILD)/tests/test_schema_suite -l /usr/share/json-schema-test-suite

golden: $(BUILD)/floe
	@FLOE=$(abspath $(BUILD)/floe) sh tests/golden/run.sh

golden-update: $(BUILD)/floe
	@FLOE=$(abspath $(BUILD)/floe) UPDATE=1 sh tests/golden/run.sh

fuzz-replay: $(FUZZ_REPLAY)
	@set -e; for f in $(FUZZ_REPLAY); do \
		n=$$(basename $$f -replay); n=$${n#fuzz_}; \
		$$f tests/fuzz/corpus/$$n; done

examples-check: $(BUILD)/floe $(BUILD)/tests/trap_duckdb.so $(BUILD)/tests/stub_duckdb.so
	@FLOE=$(abspath $(BUILD)/floe) TRAP_DUCKDB=$(abspath $(BUILD)/tests/trap_duckdb.so) \
		STUB_DUCKDB=$(abspath $(BUILD)/tests/stub_duckdb.so) \
		LIBDUCKDB=$(DUCKDB_DEFAULT_LIB) sh tests/examples.sh

# Where floe writes: hostile --out and names as root, owned folders,
# the state directory, a read-only project, concurrent compiles.
paths-check: $(BUILD)/floe
	@FLOE=$(abspath $(BUILD)/floe) sh tests/paths.sh

# Stand-ins for libduckdb (tests/support): one aborts when loaded, one
# lacks the functions floe calls.
$(BUILD)/tests/%_duckdb.so: tests/support/%_duckdb.c
	@mkdir -p $(dir $@)
	$(CC) -shared -fPIC -o $@ $<

# Hostile input: each case gives its diagnostic and exit code, no crash, no
# partial output (tests/hostile/README.md); valgrind over them is separate.
hostile: $(BUILD)/floe
	@FLOE=$(abspath $(BUILD)/floe) sh tests/hostile/run.sh

valgrind: $(BUILD)/floe
	@FLOE=$(abspath $(BUILD)/floe) sh tests/hostile/valgrind.sh

# floe lint's corpus: positive cases fire where expected, negative ones never.
lint-corpus: $(BUILD)/floe
	@FLOE=$(abspath $(BUILD)/floe) sh tests/lint/run.sh

# Real dbt projects, run unchanged and judged by an oracle that is not floe
# (tests/corpus/run.sh); sqlcheck runs the oracle's SQL on DuckDB alone.
corpus: $(BUILD)/floe $(BUILD)/tests/sqlcheck
	@FLOE=$(abspath $(BUILD)/floe) SQLCHECK=$(abspath $(BUILD)/tests/sqlcheck) \
		sh tests/corpus/run.sh

$(BUILD)/tests/sqlcheck: tests/support/sqlcheck.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -D_GNU_SOURCE -O1 -I$(DUCKDB_INC) -o $@ $< -L$(DUCKDB_LIBDIR) -lduckdb \
		-Wl,-rpath,$(abspath $(DUCKDB_LIBDIR))

# Lineage and traces of `floe run` against a receiver on 127.0.0.1
# (OpenLineage's own schemas through Debian's python3-jsonschema).
observe: $(BUILD)/floe
	@FLOE=$(abspath $(BUILD)/floe) sh tests/observe/run.sh

# Planted secret values must appear in no output, file or message.
canary: $(BUILD)/floe
	@FLOE=$(abspath $(BUILD)/floe) sh tests/canary/run.sh

process: $(BUILD)/floe
	@FLOE=$(abspath $(BUILD)/floe) sh tests/process/run.sh

# libFuzzer builds (clang-14 + libclang-rt-14-dev); FUZZ_SECONDS per target.
FUZZ_SECONDS ?= 60
fuzz:
	@FUZZ_SECONDS=$(FUZZ_SECONDS) DUCKDB_INC=$(DUCKDB_INC) sh tests/fuzz/run.sh

# A benchmark, not a test: figures go to build/bench/report.md.
# The peer runs on Debian's python3, where BENCH_DEB_PKGS put PyYAML and jsonschema.
BENCH_PY ?= $(shell [ -x /usr/bin/python3 ] && echo /usr/bin/python3 || echo python3)
bench: $(BUILD)/floe $(BUILD)/bench/yaml_floor $(BUILD)/bench/sql_replay bench-deps
	@FLOE=$(abspath $(BUILD)/floe) YAML_FLOOR=$(abspath $(BUILD)/bench/yaml_floor) \
		SQL_REPLAY=$(abspath $(BUILD)/bench/sql_replay) $(BENCH_PY) tests/bench/bench.py

bench-deps:
	@missing=""; for p in $(BENCH_DEB_PKGS); do \
		dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

# The Jinja engine alone on issue 19's 10,000-model shape (not part of bench).
bench-jinja: $(BUILD)/bench/jinja_render
	$(BUILD)/bench/jinja_render

$(BUILD)/bench/jinja_render: tests/bench/jinja_render.c $(BUILD)/libfloe.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libfloe.a $(LDLIBS)

$(BUILD)/bench/yaml_floor: tests/bench/yaml_floor.c
	@mkdir -p $(dir $@)
	$(CC) -O2 -o $@ $< $$($(PKG_CONFIG) --cflags --libs yaml-0.1)

# The SQL of a `floe run` replayed on one connection: the runner's baseline.
$(BUILD)/bench/sql_replay: tests/bench/sql_replay.c $(BUILD)/libfloe.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libfloe.a $(LDLIBS)

# The README's first command: the medallion example (CSV seeds -> bronze ->
# silver -> gold, with tests) run by floe itself on embedded DuckDB.  deps
# first, then the build (a second make, so that -j cannot start compiling
# before the -dev packages are there).
demo: deps
	$(MAKE) all
	$(BUILD)/floe -C examples/medallion run --env local --show gld_daily_revenue

headertest:
	@set -e; for h in include/floe/*.h; do \
		echo "#include \"$${h#include/}\"" | $(CC) -std=c11 -pedantic -Werror \
		-Iinclude -fsyntax-only -x c -; done; echo "headers ok"

# Debian -dev packages (apt-get as root, else sudo), then libduckdb from npm
# with `npm pack` (its install script reaches a host that is closed here).
DEB_PKGS = gcc make pkg-config libyaml-dev libcyaml-dev libjansson-dev \
	   libsodium-dev libpcre2-dev json-schema-test-suite \
	   libcurl4-openssl-dev python3 python3-jsonschema
# libcurl's header is used at build time only: run dlopens libcurl (only
# with lineage or traces on); python3 + jsonschema: the observe receiver.
# Only `make bench` needs these: the Python peer it measures floe against.
BENCH_DEB_PKGS = python3-yaml python3-jsonschema time
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
DUCKDB_NPM_LIB = @duckdb/node-bindings-linux-x64@$(DUCKDB_VERSION)-r.1
# The duckdb npm package stops at 1.4.4: its duckdb.h drives 1.5 too (the C
# API is stable; at load floe checks that every function it calls is there).
DUCKDB_HDR_VERSION = 1.4.4
DUCKDB_NPM_HDR = duckdb@$(DUCKDB_HDR_VERSION)

deps: $(DUCKDB_DIR)/lib/libduckdb.so

debs:
	@missing=""; for p in $(DEB_PKGS); do \
		dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	command -v npm >/dev/null 2>&1 || missing="$$missing npm"; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

# The library is written last: its presence says the folder is complete.
$(DUCKDB_DIR)/lib/libduckdb.so: | debs
	@rm -rf $(DEPS_DIR)/npm $(DUCKDB_DIR) && mkdir -p $(DEPS_DIR)/npm $(DUCKDB_DIR)/lib $(DUCKDB_DIR)/include
	cd $(DEPS_DIR)/npm && npm pack --silent $(DUCKDB_NPM_LIB) $(DUCKDB_NPM_HDR) >/dev/null
	tar -xzf $(DEPS_DIR)/npm/duckdb-node-bindings-linux-x64-$(DUCKDB_VERSION)-r.1.tgz -C $(DEPS_DIR)/npm package/libduckdb.so
	tar -xzf $(DEPS_DIR)/npm/duckdb-$(DUCKDB_HDR_VERSION).tgz -C $(DEPS_DIR)/npm package/src/duckdb/src/include/duckdb.h
	cp $(DEPS_DIR)/npm/package/src/duckdb/src/include/duckdb.h $(DUCKDB_DIR)/include/duckdb.h
	cp $(DEPS_DIR)/npm/package/libduckdb.so $@.tmp && mv $@.tmp $@
	@rm -rf $(DEPS_DIR)/npm

# $(PREFIX)/bin/floe finds $(PREFIX)/lib/libduckdb.so beside it (<bin>/../lib).
install: $(BUILD)/floe $(DUCKDB_LIBDIR)/libduckdb.so
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/share/floe/schemas
	install -m 755 $(BUILD)/floe $(DESTDIR)$(PREFIX)/bin/floe
	install -m 755 $(DUCKDB_LIBDIR)/libduckdb.so $(DESTDIR)$(PREFIX)/lib/libduckdb.so
	install -m 644 schemas/*.json $(DESTDIR)$(PREFIX)/share/floe/schemas/

clean:
	rm -rf build/san build/src build/gen build/tests build/fuzz build/tools build/libfloe.a build/floe

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d)
