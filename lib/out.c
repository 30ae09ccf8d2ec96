/* out.c: spooled, atomic output (see out.h). */
#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
};

/* Temporary files to remove if the program dies before committing. */
static char *volatile pending[MAXOUT];
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
	atexit(remove_pending);
	for (i = 0; i < sizeof caught / sizeof caught[0]; i++)
		signal(caught[i], on_signal);
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

FILE *
out_spool(void)
{
	const char *dir = getenv("TMPDIR");
	struct buf name = BUF_INIT;
	FILE *fp;
	int fd;

	buf_addf(&name, "%s/iop.XXXXXX", dir && *dir ? dir : "/tmp");
	if ((fd = mkstemp(name.s)) == -1) {
		diag_syswarn("cannot make a spool file");
		buf_free(&name);
		return NULL;
	}
	unlink(name.s);
	buf_free(&name);
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

/*
 * The temporary file for o->target: ".name.XXXXXX" beside it, with the
 * attributes of old, the file it replaces, if any.
 */
static int
open_tempfile(struct out *o, const struct stat *old)
{
	const char *slash = strrchr(o->target, '/');
	struct buf name = BUF_INIT;
	int fd;

	buf_addf(&name, "%.*s.%s.XXXXXX", slash ? (int)(slash - o->target +
	    1) : 0, o->target, slash ? slash + 1 : o->target);
	if ((fd = mkstemp(name.s)) == -1) {
		diag_syswarn(o->shown);
		buf_free(&name);
		return -1;
	}
	o->tmp = name.s;
	track(o->tmp, 1);
	if ((old != NULL && keep_attributes(fd, old) == -1) ||
	    (o->fp = fdopen(fd, "w")) == NULL) {
		diag_syswarn(o->shown);
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

static int
copy_spool(FILE *from, FILE *to)
{
	char block[65536];
	size_t n;

	if (fflush(from) == EOF || fseek(from, 0, SEEK_SET) == -1)
		return -1;
	while ((n = fread(block, 1, sizeof block, from)) > 0)
		if (fwrite(block, 1, n, to) != n)
			return -1;
	return ferror(from) ? -1 : 0;
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
 * Flush, sync, close, and only then rename: the target changes only
 * when the whole report is on disk.
 */
static int
replace_file(struct out *o)
{
	FILE *fp = o->fp;

	if (fflush(fp) == EOF || fsync(fileno(fp)) == -1)
		return -1;
	o->fp = NULL;
	if (fclose(fp) == EOF)
		return -1;
	if (rename(o->tmp, o->target) == -1)
		return -1;
	keep_tmp(o);
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
