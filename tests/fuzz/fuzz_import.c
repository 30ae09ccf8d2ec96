/*
 * libFuzzer target: iop-import, the whole program (cmd/iop-import.c).
 *
 * The first two bytes of an input choose the options (type, delimiter,
 * encoding, output format, --rejects, --date-format, --time-format);
 * the rest is the export, read through a memory file descriptor by
 * its /proc/self/fd name.  The output and the rejects go to character
 * devices, which out.h writes in place: no file is made per input.
 *
 * iop-import stops at the first row it cannot map (diag_errx(), then
 * exit(2)), as it should.  The target defines exit() itself: inside a
 * run it jumps back here, where importer_free() frees what the run
 * left and discards its outputs, so that a leak on the error path is
 * still a leak and descriptors do not run out; outside a run it is the
 * C library's exit().
 */
#include <dlfcn.h>
#include <setjmp.h>
#include <stdint.h>

#include "fuzz.h"

#define IOP_IMPORT_NO_MAIN
#include "../../cmd/iop-import.c"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static jmp_buf back;
static int running;

void
exit(int status)
{
	void (*real)(int);

	if (running) {
		running = 0;
		longjmp(back, 1);
	}
	real = (void (*)(int))dlsym(RTLD_NEXT, "exit");
	if (real == NULL)
		_exit(status);
	real(status);
	_exit(status);
}

static const char *const types[] = { "log", "intake", "roster",
	"schedule" };
static const char *const delims[] = { NULL, ";", "tab", "," };
static const char *const formats[] = { "csv", "yaml", "jsonl", "csv" };

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct importer im;
	char *argv[24], path[64];
	int argc = 0, fd;
	unsigned a, b;

	if (size < 2)
		return 0;
	a = data[0];
	b = data[1];
	fd = memfd_of(data + 2, size - 2);
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	argv[argc++] = (char *)"iop-import";
	argv[argc++] = (char *)"-t";
	argv[argc++] = (char *)types[a & 3];
	if (delims[(a >> 2) & 3] != NULL) {
		argv[argc++] = (char *)"-d";
		argv[argc++] = (char *)delims[(a >> 2) & 3];
	}
	argv[argc++] = (char *)"-O";
	argv[argc++] = (char *)formats[(a >> 4) & 3];
	if (a & 0x40)
		argv[argc++] = (char *)"--encoding=windows-1252";
	if (a & 0x80)
		argv[argc++] = (char *)"--rejects=/dev/zero";
	if (b & 1)
		argv[argc++] = (char *)"--date-format=%d.%m.%Y";
	if (b & 2)
		argv[argc++] = (char *)"--time-format=%H.%M";
	if (b & 4)
		argv[argc++] = (char *)"--map=Visit=date";
	if (b & 8)
		argv[argc++] = (char *)"--status=Here=attended";
	argv[argc++] = (char *)"-o";
	argv[argc++] = (char *)"/dev/null";
	argv[argc++] = path;
	argv[argc] = NULL;

	optind = 0;		/* glibc: start getopt afresh */
	running = 1;
	if (setjmp(back) == 0)
		import_run(&im, argc, argv);
	running = 0;
	importer_free(&im);
	close(fd);
	return 0;
}
