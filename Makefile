# iop: tools for intensive outpatient programs.  POSIX make.

VERSION	= 0.1
PREFIX	= /usr/local
BINDIR	= $(PREFIX)/bin
MANDIR	= $(PREFIX)/share/man
DESTDIR	=

CC	= cc
CFLAGS	= -g -O2
WARNFLAGS = -std=c11 -Wall -Wextra -Wshadow -Wwrite-strings -Wno-unused-parameter
YAML_CFLAGS = `pkg-config --cflags yaml-0.1 2>/dev/null`
YAML_LIBS = `pkg-config --libs yaml-0.1 2>/dev/null || echo -lyaml`
ICAL_LIBS = `pkg-config --libs libical 2>/dev/null || echo -lical`
CRYPTO_LIBS = `pkg-config --libs libcrypto 2>/dev/null || echo -lcrypto`
JANSSON_LIBS = `pkg-config --libs jansson 2>/dev/null || echo -ljansson`
# libcsv has no pkg-config file in Debian; set these where it lives elsewhere.
LIBCSV_CFLAGS =
LIBCSV_LIBS = -lcsv
ALLCPPFLAGS = -pthread -Ilib -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
	  -DIOP_VERSION=\"$(VERSION)\" $(CPPFLAGS)
# What every program links (records come in CSV, YAML or JSON Lines);
# the others add what they use: only iop-plan needs libical.
BASE_LIBS = $(LIBCSV_LIBS) $(YAML_LIBS) $(JANSSON_LIBS) -pthread
ALL_LIBS = $(ICAL_LIBS) $(CRYPTO_LIBS) $(BASE_LIBS)

# make SANITIZE=1: AddressSanitizer and UndefinedBehaviorSanitizer.
SANFLAGS_1 = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
SANFLAGS = $(SANFLAGS_$(SANITIZE))
# make DEVELOPER=1: warnings are errors (CI).
DEVFLAGS_1 = -Werror
DEVFLAGS = $(DEVFLAGS_$(DEVELOPER))

XCFLAGS = $(WARNFLAGS) $(DEVFLAGS) $(SANFLAGS) $(ALLCPPFLAGS) $(YAML_CFLAGS) $(LIBCSV_CFLAGS) $(CFLAGS)

PROGS	= cmd/iop-hours cmd/iop-screen cmd/iop-attend cmd/iop-plan cmd/iop-import \
	  cmd/iop-auth cmd/iop-chart
LIBOBJ	= lib/arena.o lib/attend.o lib/attend_read.o lib/attmatch.o lib/attlog.o lib/buf.o lib/check.o lib/keyset.o lib/names.o lib/policy.o lib/roster.o lib/csvin.o lib/date.o lib/diag.o lib/hours.o lib/hours_read.o lib/attlog_read.o \
	  lib/jsonin.o lib/levels.o lib/num.o lib/opt.o lib/out.o lib/period.o lib/rec.o lib/recio.o \
	  lib/recout.o lib/screen.o lib/screen_place.o lib/screen_rules.o \
	  lib/xalloc.o lib/yamlin.o lib/ydoc.o \
	  lib/avail.o lib/program.o lib/plan.o lib/yemit.o lib/plan_ics.o \
	  lib/import.o lib/pseudo.o lib/auth.o lib/auth_payer.o lib/lock.o
LIBHDR	= lib/arena.h lib/attend.h lib/attmatch.h lib/attlog.h lib/buf.h lib/check.h lib/keyset.h lib/names.h lib/policy.h lib/roster.h lib/sev.h lib/compat.h lib/date.h lib/diag.h lib/hours.h \
	  lib/levels.h lib/num.h lib/opt.h lib/out.h lib/period.h lib/rec.h lib/recio.h \
	  lib/recio_impl.h lib/check_impl.h lib/diag_impl.h lib/screen.h lib/screen_model.h lib/screen_read.h lib/xalloc.h \
	  lib/ydoc.h lib/plan.h lib/avail.h lib/plan_ics.h lib/program.h \
	  lib/yemit.h lib/import.h lib/pseudo.h lib/auth.h lib/lock.h
UNITS	= tests/unit/date tests/unit/recio tests/unit/hours tests/unit/screen \
	  tests/unit/plan tests/unit/pseudo tests/unit/auth tests/unit/attlog \
	  tests/unit/attend tests/unit/period tests/unit/names
MAN1	= man/iop-hours.1 man/iop-attend.1 man/iop-screen.1 man/iop-plan.1 \
	  man/iop-import.1 man/iop-chart.1 man/iop-auth.1
MAN5	= man/iop-formats.5
MAN7	= man/iop.7

all: $(PROGS)

.SUFFIXES: .c .o
.c.o:
	$(CC) $(XCFLAGS) -c -o $@ $<

$(LIBOBJ) $(PROGS:=.o) $(UNITS:=.o): $(LIBHDR) Makefile
$(UNITS:=.o): tests/unit/tap.h

lib/libiop.a: $(LIBOBJ)
	rm -f $@
	$(AR) rcs $@ $(LIBOBJ)

$(PROGS) $(UNITS): lib/libiop.a
# Each program links its own object with the library; explicit rules,
# because GNU make's built-in %: %.c would otherwise skip the object.
LINK = $(CC) $(XCFLAGS) $(LDFLAGS) -o $@ $@.o lib/libiop.a
cmd/iop-hours: cmd/iop-hours.o
	$(LINK) $(CRYPTO_LIBS) $(BASE_LIBS)
cmd/iop-attend: cmd/iop-attend.o
	$(LINK) $(ICAL_LIBS) $(CRYPTO_LIBS) $(BASE_LIBS)
cmd/iop-screen: cmd/iop-screen.o
	$(LINK) $(CRYPTO_LIBS) $(BASE_LIBS)
cmd/iop-plan: cmd/iop-plan.o
	$(LINK) $(ICAL_LIBS) $(BASE_LIBS)
cmd/iop-import: cmd/iop-import.o
	$(LINK) $(CRYPTO_LIBS) $(BASE_LIBS)
cmd/iop-chart: cmd/iop-chart.o
	$(LINK) $(CRYPTO_LIBS) $(BASE_LIBS)
tests/unit/date: tests/unit/date.o
	$(LINK) $(BASE_LIBS)
tests/unit/recio: tests/unit/recio.o
	$(LINK) $(BASE_LIBS)
tests/unit/hours: tests/unit/hours.o
	$(LINK) $(BASE_LIBS)
tests/unit/screen: tests/unit/screen.o
	$(LINK) $(CRYPTO_LIBS) $(BASE_LIBS)
tests/unit/plan: tests/unit/plan.o
	$(LINK) $(ICAL_LIBS) $(BASE_LIBS)
cmd/iop-auth: cmd/iop-auth.o
	$(LINK) $(BASE_LIBS)
tests/unit/auth: tests/unit/auth.o
	$(LINK) $(BASE_LIBS)
tests/unit/pseudo: tests/unit/pseudo.o
	$(LINK) $(CRYPTO_LIBS) $(BASE_LIBS)
tests/unit/attlog: tests/unit/attlog.o
	$(LINK) $(BASE_LIBS)
tests/unit/attend: tests/unit/attend.o
	$(LINK) $(BASE_LIBS)
tests/unit/period: tests/unit/period.o
	$(LINK) $(BASE_LIBS)
tests/unit/names: tests/unit/names.o
	$(LINK) $(BASE_LIBS)

# Install what the build and tests need (Debian); see README.
deps:
	@sh .ci/deps

# The fault shim of tests/8001-output.t: an LD_PRELOAD library, for
# Linux (glibc) only; elsewhere its tests skip.
FAULT	= tests/fault/fault.so
$(FAULT): tests/fault/fault.c
	@if [ "`uname -s`" = Linux ]; then \
		echo "$(CC) -shared -fPIC -o $@ tests/fault/fault.c -ldl"; \
		$(CC) $(WARNFLAGS) $(DEVFLAGS) $(CFLAGS) -shared -fPIC \
		    -o $@ tests/fault/fault.c -ldl; \
	else echo "tests/fault: the shim is for Linux; its tests skip"; fi

check: deps all $(UNITS) $(FAULT)
	TZ=UTC LC_ALL=C PATH="`pwd`/cmd:$$PATH" prove tests/ </dev/null

demo: deps all
	@sh examples/demo.sh

lint:
	@if command -v mandoc >/dev/null; then \
		mandoc -T lint -W warning $(MAN1) $(MAN5) $(MAN7); \
	else echo "mandoc not found: man pages not checked"; fi

install: all
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man7
	install -m 0755 $(PROGS) $(DESTDIR)$(BINDIR)
	install -m 0644 $(MAN1) $(DESTDIR)$(MANDIR)/man1
	install -m 0644 $(MAN5) $(DESTDIR)$(MANDIR)/man5
	install -m 0644 $(MAN7) $(DESTDIR)$(MANDIR)/man7

uninstall:
	for p in $(PROGS); do rm -f $(DESTDIR)$(BINDIR)/$${p#cmd/}; done
	for m in $(MAN1) $(MAN5) $(MAN7); do \
		s=$${m##*.}; rm -f $(DESTDIR)$(MANDIR)/man$$s/$${m#man/}; done

clean:
	rm -f $(PROGS) $(PROGS:=.o) $(LIBOBJ) lib/libiop.a $(UNITS) $(UNITS:=.o) \
	    $(FAULT) iop-$(VERSION).tar.gz demo-week.html demo-weeks.html \
	    demo-findings.html demo-attendance.html

# The source tarball of the last commit (uncommitted changes are not in
# it): iop-VERSION.tar.gz, which builds and tests with make && make check.
dist:
	@git rev-parse --git-dir >/dev/null 2>&1 || \
	    { echo "make dist: needs the git checkout" >&2; exit 2; }
	git archive --format=tar --prefix=iop-$(VERSION)/ HEAD | \
	    gzip -n >iop-$(VERSION).tar.gz.tmp
	mv iop-$(VERSION).tar.gz.tmp iop-$(VERSION).tar.gz

.PHONY: all check demo deps dist install lint uninstall clean

# libFuzzer targets (clang and its libclang-rt-N-dev): `make fuzz FUZZ_TIME=N`
# fuzzes each for N seconds from tests/fuzz/corpus; `make fuzz-replay`
# runs the saved corpora and regression files once, under the sanitizers.
FUZZERS	= csv yaml jsonl date ydoc rules policy program import match
FUZZ_TIME = 60
FUZZCC	= clang
FUZZFLAGS = -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -D_GNU_SOURCE

fuzz-build: $(LIBHDR) tests/fuzz/fuzz.h
	@mkdir -p tests/fuzz/bin
	@for f in $(FUZZERS); do \
		$(FUZZCC) $(FUZZFLAGS) $(ALLCPPFLAGS) $(YAML_CFLAGS) \
		    -o tests/fuzz/bin/fuzz_$$f tests/fuzz/fuzz_$$f.c \
		    $(LIBOBJ:.o=.c) $(ALL_LIBS) || exit 1; \
	done

fuzz: fuzz-build
	@for f in $(FUZZERS); do \
		mkdir -p tests/fuzz/bin/corpus-$$f; \
		echo "fuzz_$$f: $(FUZZ_TIME) s"; \
		tests/fuzz/bin/fuzz_$$f -max_total_time=$(FUZZ_TIME) \
		    -max_len=65536 -timeout=10 -print_final_stats=1 \
		    -artifact_prefix=tests/fuzz/bin/crash-$$f- \
		    tests/fuzz/bin/corpus-$$f tests/fuzz/corpus/$$f \
		    2>tests/fuzz/bin/log-$$f || { tail -n 30 tests/fuzz/bin/log-$$f; exit 1; }; \
		grep -E '^stat::(number_of_executed_units|new_units_added)' \
		    tests/fuzz/bin/log-$$f; \
	done

fuzz-replay: fuzz-build
	@for f in $(FUZZERS); do \
		tests/fuzz/bin/fuzz_$$f -runs=0 tests/fuzz/corpus/$$f \
		    tests/fuzz/regress/$$f 2>tests/fuzz/bin/replay-$$f || \
		    { tail -n 30 tests/fuzz/bin/replay-$$f; exit 1; }; \
		echo "fuzz_$$f: corpus and regressions replayed clean"; \
	done

.PHONY: fuzz fuzz-build fuzz-replay
