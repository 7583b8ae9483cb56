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
       -Wformat=2 -Wno-unused-parameter -Wno-format-nonliteral
ifneq ($(CI),)
WARN += -Werror
endif
ifneq ($(WERROR),)
WARN += -Werror
endif

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
# The five libraries are linked statically when their .a files are there
# (Debian's -dev packages ship them): one binary to copy into a container,
# and no dynamic loading of five objects at every start (STATIC_LIBS=0 to
# link them dynamically).
STATIC_LIBS ?= 1
# floe itself is linked statically (STATIC=0 links it dynamically, as the
# sanitizer builds always are): no ld.so and no libc.so to map and relocate
# at every start, 0.5 ms of a 3.5 ms `floe validate` here.  A static glibc
# cannot dlopen libduckdb safely, so `make` also builds floe-duckdb, the
# same floe linked dynamically, which floe execs for the commands that load
# DuckDB (run; src/cli/main.c).
STATIC ?= 1
ifneq ($(SANITIZE),)
override STATIC := 0
endif
ifeq ($(STATIC_LIBS),1)
PKG_LIBS := -Wl,-Bstatic $(shell pkg-config --libs $(PKGS) 2>/dev/null) -Wl,-Bdynamic
else
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
endif

DEPS_DIR = build/deps
DUCKDB_INC ?= $(DEPS_DIR)/duckdb/include
DUCKDB_LIBDIR ?= $(DEPS_DIR)/duckdb/lib
DUCKDB_DEFAULT_LIB := $(abspath $(DUCKDB_LIBDIR))/libduckdb.so

CPPFLAGS += -Iinclude -Isrc -I$(BUILD)/gen -I$(DUCKDB_INC) -D_GNU_SOURCE \
	    -DFLOE_DUCKDB_DEFAULT='"$(DUCKDB_DEFAULT_LIB)"' \
	    -DFLOE_PREFIX='"$(PREFIX)"'
CFLAGS ?= -g $(OPT)
CFLAGS += -std=c11 -MMD -MP $(WARN) $(SANFLAGS) $(PKG_CFLAGS)
LDFLAGS += $(SANFLAGS)
LDLIBS += $(PKG_LIBS) -ldl -lpthread
# The floe command is a position-dependent executable (PIE=1 makes a
# static-pie floe and a PIE floe-duckdb): as a PIE, floe relocates 2,000
# pointers in its tables and copies the seven pages that hold them at every
# start, 0.2-0.35 ms of a 3.8 ms `floe validate` on this project's machines.
# The heap, the stack and mappings stay randomized; floe's own addresses
# (and, in the static floe, libc's) are fixed.
PIE ?= 0
ifeq ($(PIE)$(SANITIZE),0)
EXE_LDFLAGS = -no-pie
endif
ifeq ($(PIE),1)
STATIC_LDFLAGS = -static-pie
else
STATIC_LDFLAGS = -static
endif

LIB_SRC := $(sort $(wildcard src/util/*.c src/diag/*.c src/doc/*.c src/json/*.c \
	src/yaml/*.c src/load/*.c \
	src/schema/*.c src/resolve/*.c src/emit/*.c src/runtime/*.c src/lint/*.c))
CLI_SRC := $(sort $(wildcard src/cli/*.c))
EMBED_IN := $(sort $(wildcard schemas/*.json templates/*))
GEN_SRC := $(BUILD)/gen/embedded.c

LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/embedded.o
CLI_OBJ := $(CLI_SRC:%.c=$(BUILD)/%.o)

UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(filter-out %/test_schema_suite,$(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%))
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_REPLAY := $(FUZZ_SRC:tests/fuzz/%.c=$(BUILD)/fuzz/%-replay)

.PHONY: debs all check unit suite golden golden-update fuzz-replay examples-check \
	deps bench-deps canary lint-corpus corpus hostile valgrind install clean bench fuzz demo headertest

ifeq ($(STATIC),1)
EXES := $(BUILD)/floe $(BUILD)/floe-duckdb
FLOE_OBJ := $(filter-out %/main.o %/cmd_run.o,$(CLI_OBJ)) $(BUILD)/src/cli/main-static.o
FLOE_LDFLAGS = $(STATIC_LDFLAGS)
FLOE_LDLIBS := $(shell pkg-config --libs --static $(PKGS) 2>/dev/null) -lpthread
else
EXES := $(BUILD)/floe
FLOE_OBJ := $(CLI_OBJ)
FLOE_LDFLAGS = $(EXE_LDFLAGS)
FLOE_LDLIBS = $(LDLIBS)
endif

all: $(EXES)

$(BUILD)/floe: $(FLOE_OBJ) $(BUILD)/libfloe.a
	$(CC) $(LDFLAGS) $(FLOE_LDFLAGS) -o $@ $(FLOE_OBJ) $(BUILD)/libfloe.a $(FLOE_LDLIBS)

$(BUILD)/floe-duckdb: $(CLI_OBJ) $(BUILD)/libfloe.a
	$(CC) $(LDFLAGS) $(EXE_LDFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/libfloe.a $(LDLIBS)

$(BUILD)/src/cli/main-static.o: src/cli/main.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -DFLOE_STATIC $(CFLAGS) -c -o $@ $<

$(BUILD)/libfloe.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

# Schemas and templates are embedded in the binary: one file to install,
# and `floe schema export` prints exactly what floe validates with.
$(BUILD)/tools/embed: src/tools/embed.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -O1 -o $@ $< $(shell pkg-config --cflags --libs jansson)

$(GEN_SRC): $(BUILD)/tools/embed $(EMBED_IN)
	@mkdir -p $(dir $@)
	$(BUILD)/tools/embed $(EMBED_IN) > $@.tmp && mv $@.tmp $@

$(BUILD)/gen/embedded.o: $(GEN_SRC)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c tests/unit/unit.h $(BUILD)/libfloe.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -Itests/unit -o $@ $< $(BUILD)/libfloe.a $(LDLIBS) -lm

$(BUILD)/fuzz/%-replay: tests/fuzz/%.c tests/fuzz/replay.c $(BUILD)/libfloe.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< tests/fuzz/replay.c $(BUILD)/libfloe.a $(LDLIBS)

check: all unit suite golden hostile fuzz-replay examples-check canary lint-corpus corpus
	@echo "check: all passed"

unit: $(UNIT_BIN)
	@set -e; for t in $(UNIT_BIN); do $$t; done

suite: $(BUILD)/tests/test_schema_suite
	$(BUILD)/tests/test_schema_suite /usr/share/json-schema-test-suite
	$(BUILD)/tests/test_schema_suite -l /usr/share/json-schema-test-suite

golden: $(EXES)
	@FLOE=$(abspath $(BUILD)/floe) sh tests/golden/run.sh

golden-update: $(EXES)
	@FLOE=$(abspath $(BUILD)/floe) UPDATE=1 sh tests/golden/run.sh

fuzz-replay: $(FUZZ_REPLAY)
	@set -e; for f in $(FUZZ_REPLAY); do \
		n=$$(basename $$f -replay); n=$${n#fuzz_}; \
		$$f tests/fuzz/corpus/$$n; done

examples-check: $(EXES) $(BUILD)/tests/trap_duckdb.so
	@FLOE=$(abspath $(BUILD)/floe) TRAP_DUCKDB=$(abspath $(BUILD)/tests/trap_duckdb.so) \
		sh tests/examples.sh

$(BUILD)/tests/trap_duckdb.so: tests/support/trap_duckdb.c
	@mkdir -p $(dir $@)
	$(CC) -shared -fPIC -o $@ $<

# Hostile input: each case gives its diagnostic and exit code, no crash, no
# partial output (tests/hostile/README.md); valgrind over them is separate.
hostile: $(EXES)
	@FLOE=$(abspath $(BUILD)/floe) sh tests/hostile/run.sh

# floe-duckdb where it is built: memcheck replaces malloc only in a
# dynamically linked program, and it is the same floe.
valgrind: $(EXES)
	@FLOE=$(abspath $(lastword $(EXES))) sh tests/hostile/valgrind.sh

# floe lint's corpus: positive cases fire where expected, negative ones never.
lint-corpus: $(EXES)
	@FLOE=$(abspath $(BUILD)/floe) sh tests/lint/run.sh

# Real dbt projects, run unchanged and judged by an oracle that is not floe
# (tests/corpus/run.sh); sqlcheck runs the oracle's SQL on DuckDB alone.
corpus: $(EXES) $(BUILD)/tests/sqlcheck
	@FLOE=$(abspath $(BUILD)/floe) SQLCHECK=$(abspath $(BUILD)/tests/sqlcheck) \
		sh tests/corpus/run.sh

$(BUILD)/tests/sqlcheck: tests/support/sqlcheck.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -D_GNU_SOURCE -O1 -I$(DUCKDB_INC) -o $@ $< -L$(DUCKDB_LIBDIR) -lduckdb \
		-Wl,-rpath,$(abspath $(DUCKDB_LIBDIR))

# Planted secret values must appear in no output, file or message.
canary: $(EXES)
	@FLOE=$(abspath $(BUILD)/floe) sh tests/canary/run.sh

# libFuzzer builds (clang-14 + libclang-rt-14-dev); FUZZ_SECONDS per target.
FUZZ_SECONDS ?= 60
fuzz:
	@FUZZ_SECONDS=$(FUZZ_SECONDS) sh tests/fuzz/run.sh

# A benchmark, not a test: figures go to build/bench/report.md.
# The peer runs on Debian's python3, where BENCH_DEB_PKGS put PyYAML and jsonschema.
BENCH_PY ?= $(shell [ -x /usr/bin/python3 ] && echo /usr/bin/python3 || echo python3)
bench: $(EXES) $(BUILD)/bench/yaml_floor $(BUILD)/bench/sql_replay bench-deps
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

$(BUILD)/bench/yaml_floor: tests/bench/yaml_floor.c
	@mkdir -p $(dir $@)
	$(CC) -O2 -o $@ $< $(shell pkg-config --cflags --libs yaml-0.1)

# The SQL of a `floe run` replayed on one connection: the runner's baseline.
$(BUILD)/bench/sql_replay: tests/bench/sql_replay.c $(BUILD)/libfloe.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libfloe.a $(LDLIBS)

# The README's first command: the medallion example (CSV seeds -> bronze ->
# silver -> gold, with tests) run by floe itself on embedded DuckDB.
demo: deps all
	$(BUILD)/floe -C examples/medallion run --env local --show gld_daily_revenue

headertest:
	@set -e; for h in include/floe/*.h; do \
		echo "#include \"$${h#include/}\"" | $(CC) -std=c11 -pedantic -Werror \
		-Iinclude -fsyntax-only -x c -; done; echo "headers ok"

# Debian -dev packages (apt-get as root, else sudo), then DuckDB 1.4.4 from
# npm with `npm pack` (its install script reaches a host that is closed here).
DEB_PKGS = gcc make pkg-config libyaml-dev libcyaml-dev libjansson-dev \
	   libsodium-dev libpcre2-dev json-schema-test-suite
# Only `make bench` needs these: the Python peer it measures floe against.
BENCH_DEB_PKGS = python3-yaml python3-jsonschema time
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
DUCKDB_NPM_LIB = @duckdb/node-bindings-linux-x64@1.4.4-r.4
DUCKDB_NPM_HDR = duckdb@1.4.4

deps: $(DEPS_DIR)/duckdb/lib/libduckdb.so

debs:
	@missing=""; for p in $(DEB_PKGS); do \
		dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	command -v npm >/dev/null 2>&1 || missing="$$missing npm"; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

$(DEPS_DIR)/duckdb/lib/libduckdb.so: | debs
	@rm -rf $(DEPS_DIR)/npm && mkdir -p $(DEPS_DIR)/npm $(DEPS_DIR)/duckdb/lib $(DEPS_DIR)/duckdb/include
	cd $(DEPS_DIR)/npm && npm pack --silent $(DUCKDB_NPM_LIB) $(DUCKDB_NPM_HDR) >/dev/null
	tar -xzf $(DEPS_DIR)/npm/duckdb-node-bindings-linux-x64-*.tgz -C $(DEPS_DIR)/npm package/libduckdb.so
	tar -xzf $(DEPS_DIR)/npm/duckdb-1.4.4.tgz -C $(DEPS_DIR)/npm package/src/duckdb/src/include/duckdb.h
	cp $(DEPS_DIR)/npm/package/src/duckdb/src/include/duckdb.h $(DEPS_DIR)/duckdb/include/duckdb.h
	cp $(DEPS_DIR)/npm/package/libduckdb.so $@.tmp && mv $@.tmp $@
	@rm -rf $(DEPS_DIR)/npm

install: $(EXES)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/share/floe/schemas
	install -m 755 $(EXES) $(DESTDIR)$(PREFIX)/bin/
	install -m 644 schemas/*.json $(DESTDIR)$(PREFIX)/share/floe/schemas/
	if [ -f $(DUCKDB_LIBDIR)/libduckdb.so ]; then \
		install -m 755 $(DUCKDB_LIBDIR)/libduckdb.so $(DESTDIR)$(PREFIX)/lib/libduckdb.so; fi

clean:
	rm -rf build/san build/src build/gen build/tests build/fuzz build/tools build/libfloe.a build/floe build/floe-duckdb

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(BUILD)/src/cli/main-static.d
