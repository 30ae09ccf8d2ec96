/* out.c: spooled, atomic output (see out.h). */
#include <sys/stat.h>

#include <errno.h>
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
	FILE	*fp;
	char	*target;	/* NULL: standard output */
	char	*shown;		/* the target's name in messages */
	char	*tmp;		/* the temporary file's name, until renamed */
	int	 direct;	/* standard output itself, not a spool */
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

static void
hook(void)
{
	static const int sigs[] = { SIGHUP, SIGINT, SIGTERM };
	size_t i;

	if (hooked++)
		return;
	atexit(remove_pending);
	for (i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		signal(sigs[i], on_signal);
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

static int
spool(struct out *o)
{
	return (o->fp = out_spool()) == NULL ? -1 : 0;
}

static int
tempfile(struct out *o, const char *path, const char *shown)
{
	const char *slash = strrchr(path, '/');
	struct buf name = BUF_INIT;
	int fd;

	if (slash != NULL)
		buf_addf(&name, "%.*s/.%s.XXXXXX", (int)(slash - path), path,
		    slash + 1);
	else
		buf_addf(&name, ".%s.XXXXXX", path);
	if ((fd = mkstemp(name.s)) == -1) {
		diag_syswarn(shown);
		buf_free(&name);
		return -1;
	}
	o->tmp = name.s;
	track(o->tmp, 1);
	if ((o->fp = fdopen(fd, "w")) == NULL) {
		diag_syswarn(shown);
		close(fd);
		return -1;
	}
	return 0;
}

struct out *
out_open(const char *path)
{
	return out_open_as(path, path);
}

struct out *
out_open_as(const char *path, const char *shown)
{
	struct out *o = xcalloc(1, sizeof *o);

	hook();
	if (path == NULL || strcmp(path, "-") == 0) {
		if (spool(o) == 0)
			return o;
	} else {
		o->target = xstrdup(path);
		o->shown = xstrdup(shown);
		if (tempfile(o, path, shown) == 0)
			return o;
	}
	out_discard(o);
	return NULL;
}

struct out *
out_open_checked(const char *path)
{
	struct out *o;

	if (path != NULL && strcmp(path, "-") != 0)
		return out_open(path);
	o = xcalloc(1, sizeof *o);
	o->fp = stdout;
	o->direct = 1;
	return o;
}

FILE *
out_file(struct out *o)
{
	return o->fp;
}

static int
copy_spool(struct out *o)
{
	char block[65536];
	size_t n;

	if (fflush(o->fp) == EOF || fseek(o->fp, 0, SEEK_SET) == -1)
		return -1;
	while ((n = fread(block, 1, sizeof block, o->fp)) > 0)
		if (fwrite(block, 1, n, stdout) != n)
			return -1;
	if (ferror(o->fp) || fflush(stdout) == EOF)
		return -1;
	return 0;
}

static int
rename_into_place(struct out *o)
{
	if (fflush(o->fp) == EOF || fsync(fileno(o->fp)) == -1)
		return -1;
	if (fclose(o->fp) == EOF) {
		o->fp = NULL;
		return -1;
	}
	o->fp = NULL;
	return rename(o->tmp, o->target);
}

int
out_commit(struct out *o)
{
	int rv;

	if (o->direct)
		rv = fflush(stdout) == EOF || ferror(stdout) ? -1 : 0;
	else if (o->target == NULL)
		rv = copy_spool(o);
	else
		rv = rename_into_place(o);
	if (rv == -1)
		diag_syswarn(o->target ? o->shown : "<stdout>");
	else if (o->tmp != NULL) {
		track(o->tmp, 0);
		free(o->tmp);
		o->tmp = NULL;
	}
	out_discard(o);
	return rv;
}

void
out_discard(struct out *o)
{
	if (o->fp != NULL && !o->direct)
		fclose(o->fp);
	if (o->tmp != NULL) {
		unlink(o->tmp);
		track(o->tmp, 0);
		free(o->tmp);
	}
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
