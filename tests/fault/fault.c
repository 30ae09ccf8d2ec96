/*
 * fault.c: an LD_PRELOAD shim that makes the output path fail on
 * demand, for tests/8001-output.t (Linux and glibc; built by `make
 * check` as tests/fault/fault.so).
 *
 * IOP_FAULT is a comma-separated list of:
 *   fsync        fsync() and fdatasync() fail
 *   fflush       fflush() of a regular file open for writing fails,
 *                writing nothing
 *   fclose       fclose() of such a file closes it, then fails
 *   linkat       linkat() fails
 *   rename       rename() and renameat() fail
 *   notmpfile    open() with O_TMPFILE fails with EOPNOTSUPP, as on a
 *                file system without it
 *   copy_file_range, sendfile
 *                copy_file_range() or sendfile() fails, copying
 *                nothing (how out.c copies a spool to standard output)
 *   nocopyrange  copy_file_range() fails with EXDEV, as between two
 *                file systems, for the caller to fall back
 *   nosendfile   sendfile() fails with ENOSYS, as on a system without
 *                it, for the caller to fall back
 *   read         read() or pread() of the input file whose path ends
 *                in IOP_FAULT_FILE fails (an input that cannot be
 *                read); with IOP_FAULT_FROM=N, only a read that
 *                reaches byte N or past it (a bad disk block late in
 *                a file)
 *   trace        print "fault.so: NAME" to standard error at each call
 *                of copy_file_range(), sendfile() and pread(), to show
 *                which way a spool was copied
 *   stop-fsync   fsync() first stops the process (SIGSTOP), for a test
 *                to look at the directory and kill it
 *   stop-rename  rename() does the same
 *   probe        print to standard error, once loaded, the functions
 *                above that this shim can take over in this program
 *                (a program linked with a sanitizer's runtime keeps
 *                its own fflush and fclose, and may keep sendfile and
 *                pread)
 * IOP_FAULT_ERRNO is the error: EIO (the default) or ENOSPC.
 */
#define _GNU_SOURCE
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Whether IOP_FAULT names what. */
static int
wanted(const char *what)
{
	const char *s = getenv("IOP_FAULT");
	size_t n = strlen(what);

	while (s != NULL && *s != '\0') {
		if (strncmp(s, what, n) == 0 && (s[n] == ',' || s[n] == '\0'))
			return 1;
		if ((s = strchr(s, ',')) != NULL)
			s++;
	}
	return 0;
}

static int
fail(void)
{
	const char *e = getenv("IOP_FAULT_ERRNO");

	errno = e != NULL && strcmp(e, "ENOSPC") == 0 ? ENOSPC : EIO;
	return -1;
}

static void *
next(const char *name)
{
	void *f = dlsym(RTLD_NEXT, name);

	if (f == NULL) {
		fprintf(stderr, "fault.so: no %s\n", name);
		abort();
	}
	return f;
}

/* The streams a report goes through: regular files open for writing. */
static int
is_output(FILE *fp)
{
	struct stat st;
	int fl;

	if (fp == NULL || fstat(fileno(fp), &st) == -1 || !S_ISREG(st.st_mode))
		return 0;
	fl = fcntl(fileno(fp), F_GETFL);
	return fl != -1 && (fl & O_ACCMODE) != O_RDONLY;
}

int
fsync(int fd)
{
	static int (*real)(int);

	if (wanted("stop-fsync"))
		raise(SIGSTOP);
	if (wanted("fsync"))
		return fail();
	if (real == NULL)
		real = next("fsync");
	return real(fd);
}

int
fdatasync(int fd)
{
	static int (*real)(int);

	if (wanted("fsync"))
		return fail();
	if (real == NULL)
		real = next("fdatasync");
	return real(fd);
}

int
fflush(FILE *fp)
{
	static int (*real)(FILE *);

	if (wanted("fflush") && is_output(fp)) {
		fail();
		return EOF;
	}
	if (real == NULL)
		real = next("fflush");
	return real(fp);
}

int
fclose(FILE *fp)
{
	static int (*real)(FILE *);
	int out = wanted("fclose") && is_output(fp);
	int rv;

	if (real == NULL)
		real = next("fclose");
	if ((rv = real(fp)) == EOF || !out)
		return rv;
	fail();
	return EOF;
}

int
linkat(int fromfd, const char *from, int tofd, const char *to, int flags)
{
	static int (*real)(int, const char *, int, const char *, int);

	if (wanted("linkat"))
		return fail();
	if (real == NULL)
		real = next("linkat");
	return real(fromfd, from, tofd, to, flags);
}

int
rename(const char *from, const char *to)
{
	static int (*real)(const char *, const char *);

	if (wanted("stop-rename"))
		raise(SIGSTOP);
	if (wanted("rename"))
		return fail();
	if (real == NULL)
		real = next("rename");
	return real(from, to);
}

int
renameat(int fromfd, const char *from, int tofd, const char *to)
{
	static int (*real)(int, const char *, int, const char *);

	if (wanted("rename"))
		return fail();
	if (real == NULL)
		real = next("renameat");
	return real(fromfd, from, tofd, to);
}

static int
open_with(const char *name, int dirfd, const char *path, int flags,
    mode_t mode)
{
	static int (*real)(const char *, int, mode_t);
	static int (*realat)(int, const char *, int, mode_t);

	if ((flags & O_TMPFILE) == O_TMPFILE && wanted("notmpfile")) {
		errno = EOPNOTSUPP;
		return -1;
	}
	if (dirfd == AT_FDCWD && strcmp(name, "open") == 0) {
		if (real == NULL)
			real = next("open");
		return real(path, flags, mode);
	}
	if (realat == NULL)
		realat = next("openat");
	return realat(dirfd, path, flags, mode);
}

static void
trace(const char *name)
{
	static const char pre[] = "fault.so: ";
	int e = errno;

	if (wanted("trace")) {
		/* write(2), not stdio: the caller may be mid-way in stdio */
		(void)!write(2, pre, sizeof pre - 1);
		(void)!write(2, name, strlen(name));
		(void)!write(2, "\n", 1);
	}
	errno = e;
}

ssize_t
copy_file_range(int in, loff_t *inoff, int out, loff_t *outoff, size_t len,
    unsigned flags)
{
	static ssize_t (*real)(int, loff_t *, int, loff_t *, size_t,
	    unsigned);

	trace("copy_file_range");
	if (wanted("copy_file_range"))
		return fail();
	if (wanted("nocopyrange")) {
		errno = EXDEV;
		return -1;
	}
	if (real == NULL)
		real = next("copy_file_range");
	return real(in, inoff, out, outoff, len, flags);
}

/* Whether sendfile() is to fail, and how; 0 to call the real one. */
static int
sendfile_fails(void)
{
	trace("sendfile");
	if (wanted("sendfile"))
		return fail();
	if (wanted("nosendfile")) {
		errno = ENOSYS;
		return -1;
	}
	return 0;
}

ssize_t
sendfile(int out, int in, off_t *off, size_t len)
{
	static ssize_t (*real)(int, int, off_t *, size_t);

	if (sendfile_fails() == -1)
		return -1;
	if (real == NULL)
		real = next("sendfile");
	return real(out, in, off, len);
}

ssize_t
sendfile64(int out, int in, off64_t *off, size_t len)
{
	static ssize_t (*real)(int, int, off64_t *, size_t);

	if (sendfile_fails() == -1)
		return -1;
	if (real == NULL)
		real = next("sendfile64");
	return real(out, in, off, len);
}

/* Whether fd is the file IOP_FAULT_FILE names, by its path's end. */
static int
is_fault_file(int fd)
{
	const char *want = getenv("IOP_FAULT_FILE");
	char link[64], path[4096];
	ssize_t n;
	size_t w;

	if (want == NULL || fd < 0)
		return 0;
	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	if ((n = readlink(link, path, sizeof path - 1)) <= 0)
		return 0;
	path[n] = '\0';
	w = strlen(want);
	return (size_t)n >= w && strcmp(path + n - w, want) == 0;
}

/* IOP_FAULT_FROM: the first offset at which a read fails (0). */
static off_t
fault_from(void)
{
	const char *s = getenv("IOP_FAULT_FROM");

	return s != NULL ? (off_t)strtoll(s, NULL, 10) : 0;
}

ssize_t
read(int fd, void *p, size_t len)
{
	static ssize_t (*real)(int, void *, size_t);

	if (wanted("read") && is_fault_file(fd) &&
	    lseek(fd, 0, SEEK_CUR) + (off_t)len > fault_from())
		return fail();
	if (real == NULL)
		real = next("read");
	return real(fd, p, len);
}

ssize_t
pread(int fd, void *p, size_t len, off_t off)
{
	static ssize_t (*real)(int, void *, size_t, off_t);

	trace("pread");
	if (wanted("read") && is_fault_file(fd) && off + (off_t)len >
	    fault_from())
		return fail();
	if (real == NULL)
		real = next("pread");
	return real(fd, p, len, off);
}

ssize_t
pread64(int fd, void *p, size_t len, off64_t off)
{
	static ssize_t (*real)(int, void *, size_t, off64_t);

	trace("pread");
	if (wanted("read") && is_fault_file(fd) && off + (off64_t)len >
	    fault_from())
		return fail();
	if (real == NULL)
		real = next("pread64");
	return real(fd, p, len, off);
}

/* open() and openat() pass a mode only with O_CREAT or O_TMPFILE. */
#define MODE_ARG(flags, last, mode) do {				\
	va_list ap;							\
	va_start(ap, last);						\
	mode = (flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE ?	\
	    va_arg(ap, mode_t) : 0;					\
	va_end(ap);							\
} while (0)

int
open(const char *path, int flags, ...)
{
	mode_t mode;

	MODE_ARG(flags, flags, mode);
	return open_with("open", AT_FDCWD, path, flags, mode);
}

int
open64(const char *path, int flags, ...)
{
	mode_t mode;

	MODE_ARG(flags, flags, mode);
	return open_with("open", AT_FDCWD, path, flags, mode);
}

int
openat(int dirfd, const char *path, int flags, ...)
{
	mode_t mode;

	MODE_ARG(flags, flags, mode);
	return open_with("openat", dirfd, path, flags, mode);
}

/* Which of the functions above calls in this program reach. */
__attribute__((constructor)) static void
probe(void)
{
	static const struct { const char *name; void *ours; } fs[] = {
		{ "fsync", (void *)fsync }, { "fflush", (void *)fflush },
		{ "fclose", (void *)fclose }, { "linkat", (void *)linkat },
		{ "rename", (void *)rename }, { "open", (void *)open },
		{ "copy_file_range", (void *)copy_file_range },
		{ "sendfile", (void *)sendfile }, { "pread", (void *)pread },
		{ "read", (void *)read },
	};
	size_t i;

	if (!wanted("probe"))
		return;
	for (i = 0; i < sizeof fs / sizeof fs[0]; i++)
		if (dlsym(RTLD_DEFAULT, fs[i].name) == fs[i].ours)
			fprintf(stderr, "%s\n", fs[i].name);
}
