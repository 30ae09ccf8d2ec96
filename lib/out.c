/* out.c: spooled, atomic output (see out.h). */
#if defined(__linux__) && !defined(_GNU_SOURCE)
#define _GNU_SOURCE		/* O_TMPFILE */
#endif
#include <sys/stat.h>
#include <sys/types.h>
#ifdef __linux__
#include <sys/sendfile.h>
#endif

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "out.h"
#include "xalloc.h"

#define MAXOUT	8

struct out {
	FILE	*fp;		/* what the program writes to */
	FILE	*dest;		/* standard output or a device: copied to */
	char	*target;	/* the regular file to replace or create */
	char	*shown;		/* the destination's name in messages */
	char	*tmp;		/* a name to remove unless committed */
	int	 direct;	/* fp is dest itself, not a spool */
	int	 anon;		/* fp is an O_TMPFILE, nameless until linked */
	int	 existed;	/* target existed: link beside it, rename */
};

/* Temporary files to remove if the program dies before committing. */
static char *volatile pending[MAXOUT];
/* Outputs open, discarded if the program exits without committing. */
static struct out *live[MAXOUT];
static int hooked;

static void
remove_pending(void)
{
	int i;

	for (i = 0; i < MAXOUT; i++)
		if (pending[i] != NULL)
			unlink(pending[i]);
}

static void
discard_live(void)
{
	int i;

	for (i = 0; i < MAXOUT; i++)
		if (live[i] != NULL)
			out_discard(live[i]);
}

/* Add o to live[] (on) or take it out. */
static void
enlist(struct out *o, int on)
{
	int i;

	for (i = 0; i < MAXOUT; i++)
		if (live[i] == (on ? NULL : o)) {
			live[i] = on ? o : NULL;
			return;
		}
	if (on)
		diag_fatal("too many output files");
}

static void
on_signal(int sig)
{
	remove_pending();	/* unlink(2) is async-signal-safe */
	signal(sig, SIG_DFL);
	raise(sig);
}

static const int caught[] = { SIGHUP, SIGINT, SIGTERM };

static void
hook(void)
{
	size_t i;

	if (hooked++)
		return;
	atexit(discard_live);
	for (i = 0; i < sizeof caught / sizeof caught[0]; i++)
		signal(caught[i], on_signal);
}

/*
 * Hold off the signals above (on) or let them in again (off), so that
 * a name is never created without being in pending[]: a signal that
 * comes meanwhile is handled, and the name removed, once let in.
 */
static void
hold_signals(int on, sigset_t *saved)
{
	sigset_t set;
	size_t i;

	if (!on) {
		pthread_sigmask(SIG_SETMASK, saved, NULL);
		return;
	}
	sigemptyset(&set);
	for (i = 0; i < sizeof caught / sizeof caught[0]; i++)
		sigaddset(&set, caught[i]);
	pthread_sigmask(SIG_BLOCK, &set, saved);
}

static void
track(char *name, int on)
{
	int i;

	for (i = 0; i < MAXOUT; i++)
		if (on ? pending[i] == NULL : pending[i] == name) {
			pending[i] = on ? name : NULL;
			return;
		}
	if (on)
		diag_fatal("too many output files");
}

/* Remove a name out.c made and forget it. */
static void
drop_tmp(struct out *o)
{
	if (o->tmp == NULL)
		return;
	unlink(o->tmp);
	track(o->tmp, 0);
	free(o->tmp);
	o->tmp = NULL;
}

/* The name is the destination's now: nothing to remove. */
static void
keep_tmp(struct out *o)
{
	track(o->tmp, 0);
	free(o->tmp);
	o->tmp = NULL;
}

/*
 * A file with no name in dir, open with flags (O_WRONLY or O_RDWR),
 * or -1 with errno 0 where the system or file system has none and the
 * caller should fall back to a named one.
 */
static int
open_nameless(const char *dir, int flags)
{
#ifdef O_TMPFILE
	char proc[64];
	int fd;

	if ((fd = open(dir, O_TMPFILE | O_CLOEXEC | flags, 0600)) == -1) {
		if (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL)
			errno = 0;
		return -1;
	}
	/* linkat() will name it through /proc: no /proc, no O_TMPFILE */
	snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
	if (access(proc, F_OK) == 0)
		return fd;
	close(fd);
#else
	(void)dir;
	(void)flags;
#endif
	errno = 0;
	return -1;
}

FILE *
out_spool(void)
{
	const char *dir = getenv("TMPDIR");
	struct buf name = BUF_INIT;
	FILE *fp;
	int fd;

	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	if ((fd = open_nameless(dir, O_RDWR)) == -1 && errno == 0) {
		buf_addf(&name, "%s/iop.XXXXXX", dir);
		if ((fd = mkstemp(name.s)) != -1)
			unlink(name.s);
		buf_free(&name);
	}
	if (fd == -1) {
		diag_syswarn("cannot make a spool file");
		return NULL;
	}
	if ((fp = fdopen(fd, "w+")) == NULL) {
		diag_syswarn("cannot make a spool file");
		close(fd);
	}
	return fp;
}

static void
refuse(const struct out *o, const char *why)
{
	struct loc loc = { o->shown, 0 };

	diag_warnx(&loc, "%s", why);
}

/* The directory part of path, "." if it has none. */
static char *
dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, slash - path);
}

/*
 * "dir/.base.XXXXXX" beside path, for mkstemp(); random: with six
 * random characters for the Xs, for linkat().
 */
static char *
tmp_name(const char *path, int random)
{
	static const char set[] = "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	static uint64_t seed;
	const char *slash = strrchr(path, '/');
	struct buf name = BUF_INIT;
	struct timespec ts;
	int i;

	buf_addf(&name, "%.*s.%s.XXXXXX", slash ? (int)(slash - path + 1) :
	    0, path, slash ? slash + 1 : path);
	if (!random)
		return name.s;
	clock_gettime(CLOCK_REALTIME, &ts);
	seed ^= (uint64_t)ts.tv_nsec << 20 ^ (uint64_t)ts.tv_sec ^
	    (uint64_t)getpid() << 40;
	for (i = 0; i < 6; i++) {
		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		name.s[name.len - 6 + i] = set[(seed >> 33) % (sizeof set - 1)];
	}
	return name.s;
}

/*
 * A replaced report keeps its mode and group; as root, its owner too.
 * A group we may not give it is replaced by ours, whose members were
 * "others" to the old file and must stay so.
 */
static int
keep_attributes(int fd, const struct stat *st)
{
	mode_t mode = st->st_mode & 0777;

	if (fchown(fd, geteuid() == 0 ? st->st_uid : (uid_t)-1,
	    st->st_gid) == -1 && fchown(fd, (uid_t)-1, st->st_gid) == -1)
		mode = (mode & ~(mode_t)070) | (mode & 07) << 3;
	return fchmod(fd, mode);
}

/* The temporary file for o->target: nameless if it can be. */
static int
open_tempfile(struct out *o, const struct stat *old)
{
	char *dir = dir_of(o->target);
	sigset_t saved;
	int fd;

	fd = open_nameless(dir, O_WRONLY);
	free(dir);
	if (fd == -1 && errno == 0) {
		o->tmp = tmp_name(o->target, 0);
		hold_signals(1, &saved);
		if ((fd = mkstemp(o->tmp)) != -1)
			track(o->tmp, 1);
		hold_signals(0, &saved);
		if (fd == -1) {
			free(o->tmp);
			o->tmp = NULL;
		}
	} else
		o->anon = fd != -1;
	if (fd == -1 || (old != NULL && keep_attributes(fd, old) == -1) ||
	    (o->fp = fdopen(fd, "w")) == NULL) {
		diag_syswarn(o->shown);
		if (fd != -1)
			close(fd);
		return -1;
	}
	return 0;
}

/* A device or FIFO, written in place: spooled unless direct. */
static int
open_in_place(struct out *o, const char *path, int direct)
{
	struct stat st;
	int fd;

	if ((fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC)) == -1) {
		diag_syswarn(o->shown);
		return -1;
	}
	/* it may have been replaced since it was looked at */
	if (fstat(fd, &st) == -1 || !(S_ISCHR(st.st_mode) ||
	    S_ISFIFO(st.st_mode))) {
		close(fd);
		refuse(o, "changed while being opened");
		return -1;
	}
	if ((o->dest = fdopen(fd, "w")) == NULL) {
		diag_syswarn(o->shown);
		close(fd);
		return -1;
	}
	if (direct) {
		o->fp = o->dest;
		o->direct = 1;
		return 0;
	}
	return (o->fp = out_spool()) == NULL ? -1 : 0;
}

/*
 * Open what path names (see out.h): a regular file, or a name that is
 * not there yet, is replaced; a device or FIFO is written in place;
 * anything else is refused.
 */
static int
open_path(struct out *o, const char *path, int direct)
{
	struct stat st;
	int link;

	if (lstat(path, &st) == -1) {
		if (errno != ENOENT) {
			diag_syswarn(o->shown);
			return -1;
		}
		o->target = xstrdup(path);
		return open_tempfile(o, NULL);
	}
	if ((link = S_ISLNK(st.st_mode)) && stat(path, &st) == -1) {
		if (errno == ENOENT)
			refuse(o, "symbolic link to nothing, not followed");
		else
			diag_syswarn(o->shown);
		return -1;
	}
	if (S_ISREG(st.st_mode)) {
		/* through a link: the file itself, in its own directory */
		if ((o->target = link ? realpath(path, NULL) :
		    xstrdup(path)) == NULL) {
			diag_syswarn(o->shown);
			return -1;
		}
		o->existed = 1;
		return open_tempfile(o, &st);
	}
	if (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode))
		return open_in_place(o, path, direct);
	refuse(o, S_ISDIR(st.st_mode) ? "is a directory" : "is not a regular "
	    "file, FIFO or character device, not written");
	return -1;
}

static struct out *
open_out(const char *path, const char *shown, int direct)
{
	struct out *o = xcalloc(1, sizeof *o);

	hook();
	enlist(o, 1);
	if (path == NULL || strcmp(path, "-") == 0) {
		o->shown = xstrdup("<stdout>");
		o->dest = stdout;
		if (direct) {
			o->fp = stdout;
			o->direct = 1;
			return o;
		}
		if ((o->fp = out_spool()) != NULL)
			return o;
	} else {
		o->shown = xstrdup(shown);
		if (open_path(o, path, direct) == 0)
			return o;
	}
	out_discard(o);
	return NULL;
}

const char *
out_name(FILE *fp)
{
	int i;

	for (i = 0; i < MAXOUT; i++)
		if (live[i] != NULL && live[i]->fp == fp)
			return live[i]->shown;
	return fp == stdout ? "<stdout>" : NULL;
}

struct out *
out_open(const char *path)
{
	return open_out(path, path, 0);
}

struct out *
out_open_as(const char *path, const char *shown)
{
	return open_out(path, shown, 0);
}

struct out *
out_open_checked(const char *path)
{
	return open_out(path, path, 1);
}

FILE *
out_file(struct out *o)
{
	return o->fp;
}

#ifdef __linux__
/*
 * Whether a kernel copy that failed with err may be done by read and
 * write instead: the call is missing (ENOSYS), or refuses these two
 * files (EINVAL: a device or file system without it, a pipe to
 * copy_file_range; EXDEV: two file systems; EBADF: an output open
 * with O_APPEND; EOPNOTSUPP), where a write may still work.  Any other
 * error (EIO, ENOSPC, EFBIG, EPIPE) is the output's, as a write's
 * would be.
 */
static int
can_fall_back(int err)
{
	return err == ENOSYS || err == EINVAL || err == EXDEV ||
	    err == EBADF || err == EOPNOTSUPP;
}

/*
 * Copy the spool from *off to size to fd in the kernel, the bytes never
 * brought into the program: copy_file_range(2) to a regular file
 * (which on some file systems shares the blocks rather than copy
 * them), else sendfile(2), which splices into a pipe or a device too.
 * 0 when all is copied, 1 when what is left (from *off) must be read
 * and written, -1 on an error (errno).
 */
static int
copy_in_kernel(int in, int fd, off_t *off, off_t size)
{
	const off_t most = (off_t)1 << 30;	/* sendfile() takes < 2 GiB */
	int range = 1;
	loff_t at;
	ssize_t n;
	size_t len;

	while (*off < size) {
		len = size - *off < most ? (size_t)(size - *off) : (size_t)most;
		if (range) {
			at = *off;
			if ((n = copy_file_range(in, &at, fd, NULL, len, 0)) > 0)
				*off = at;
		} else
			n = sendfile(fd, in, off, len);
		if (n > 0 || (n == -1 && errno == EINTR))
			continue;
		if (n == -1 && !can_fall_back(errno))
			return -1;
		/* refused (or nothing copied): the next way */
		if (!range)
			return 1;
		range = 0;
	}
	return 0;
}
#endif

/* Write the spool from off to size to fd through a block. */
static int
copy_by_block(int in, int fd, off_t off, off_t size)
{
	char block[65536];
	ssize_t n, w;
	size_t done;

	while (off < size) {
		if ((n = pread(in, block, sizeof block, off)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0)
			break;	/* the spool is never cut short: no more */
		for (done = 0; done < (size_t)n; done += w)
			if ((w = write(fd, block + done, n - done)) == -1) {
				if (errno != EINTR)
					return -1;
				w = 0;
			}
		off += n;
	}
	return 0;
}

/*
 * The whole spool written to `to` at its file offset, after what the
 * program wrote to `to` itself; in the kernel where the system can
 * (iop-screen's 860 MB of CSV for 1M intakes, read back into the
 * program and written out, cost 0.1 to 0.25 s more system time: see
 * bench/README.md), else by read and write.
 */
static int
copy_spool(FILE *from, FILE *to)
{
	struct stat st;
	off_t off = 0;
	int in = fileno(from), fd = fileno(to);

	if (fflush(from) == EOF || fflush(to) == EOF || fstat(in, &st) == -1)
		return -1;
#ifdef __linux__
	switch (copy_in_kernel(in, fd, &off, st.st_size)) {
	case 0:
		return 0;
	case -1:
		return -1;
	}
#endif
	return copy_by_block(in, fd, off, st.st_size);
}

/* Standard output or a device: the spool copied to it, or just flushed. */
static int
write_in_place(struct out *o)
{
	FILE *dest = o->dest;

	if (!o->direct && copy_spool(o->fp, dest) == -1)
		return -1;
	if (fflush(dest) == EOF || ferror(dest)) {
		if (errno == 0)
			errno = EIO;
		return -1;
	}
	if (dest == stdout)
		return 0;
	o->dest = NULL;
	if (o->direct)
		o->fp = NULL;
	return fclose(dest) == EOF ? -1 : 0;
}

/*
 * Give the nameless file fd a name: the target's own if it was not
 * there when opened (nothing to replace), else a fresh one beside it
 * for the rename.  The name is in o->tmp, to be removed on failure.
 */
static int
link_nameless(struct out *o, int fd)
{
	char proc[64];
	sigset_t saved;
	int i, rv;

	snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
	for (i = 0; i < 100; i++) {
		o->tmp = !o->existed && i == 0 ? xstrdup(o->target) :
		    tmp_name(o->target, 1);
		hold_signals(1, &saved);
		if ((rv = linkat(AT_FDCWD, proc, AT_FDCWD, o->tmp,
		    AT_SYMLINK_FOLLOW)) == 0)
			track(o->tmp, 1);
		hold_signals(0, &saved);
		if (rv == 0)
			return 0;
		free(o->tmp);
		o->tmp = NULL;
		if (errno != EEXIST)
			return -1;
	}
	return -1;
}

/*
 * Flush, sync, close, and only then rename: the target changes only
 * when the whole report is on disk.  A nameless file must be linked
 * while it is still open, so it is linked before the close (to a name
 * removed if the close fails).
 */
static int
replace_file(struct out *o)
{
	FILE *fp = o->fp;

	if (fflush(fp) == EOF || fsync(fileno(fp)) == -1)
		return -1;
	if (o->anon && link_nameless(o, fileno(fp)) == -1)
		return -1;
	o->fp = NULL;
	if (fclose(fp) == EOF)
		return -1;
	if (strcmp(o->tmp, o->target) != 0 && rename(o->tmp, o->target) == -1)
		return -1;
	keep_tmp(o);
	return 0;
}

int
out_ready(struct out *o)
{
	if (o->fp == NULL || o->direct)
		return 0;
	if (fflush(o->fp) == EOF || ferror(o->fp) ||
	    (o->target != NULL && fsync(fileno(o->fp)) == -1)) {
		if (errno == 0)
			errno = EIO;
		diag_syswarn(o->shown);
		return -1;
	}
	return 0;
}

int
out_commit(struct out *o)
{
	int rv;

	rv = o->target != NULL ? replace_file(o) : write_in_place(o);
	if (rv == -1)
		diag_syswarn(o->shown);
	out_discard(o);
	return rv;
}

void
out_discard(struct out *o)
{
	if (o->fp != NULL && !o->direct)
		fclose(o->fp);
	if (o->dest != NULL && o->dest != stdout)
		fclose(o->dest);
	drop_tmp(o);
	enlist(o, 0);
	free(o->target);
	free(o->shown);
	free(o);
}

void
out_exit(int status)
{
	/* errno is still that of the failed write, if one failed before */
	if (fflush(stdout) == EOF || ferror(stdout)) {
		if (errno == 0)
			errno = EIO;
		diag_syswarn("<stdout>");
		exit(EXIT_TROUBLE);
	}
	exit(status);
}
