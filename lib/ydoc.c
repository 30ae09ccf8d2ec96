/* ydoc.c: YAML configuration trees over libyaml (see ydoc.h). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "buf.h"
#include "keyset.h"
#include "num.h"
#include "ydoc.h"
#include "xalloc.h"

struct loader {
	yaml_parser_t	 p;
	const char	*name;
	int		 failed;
};

/* The first message of a load; the rest would follow from it. */
static void __attribute__((format(printf, 3, 4)))
fail(struct loader *l, size_t line, const char *fmt, ...)
{
	struct loc loc = { l->name, line };
	va_list ap;

	if (l->failed++)
		return;
	va_start(ap, fmt);
	diag_vwarnx(&loc, fmt, ap);
	va_end(ap);
}

static int
next(struct loader *l, yaml_event_t *e)
{
	if (!yaml_parser_parse(&l->p, e)) {
		if (l->p.error == YAML_MEMORY_ERROR)
			diag_fatal("out of memory");
		if (l->p.error == YAML_READER_ERROR)
			fail(l, 0, "not valid UTF-8 YAML text");
		else
			fail(l, l->p.problem_mark.line + 1, "YAML syntax: %s",
			    l->p.problem ? l->p.problem : "error");
		return 0;
	}
	return 1;
}

static struct ynode *
new_node(int type, const yaml_event_t *e)
{
	struct ynode *n = xcalloc(1, sizeof *n);

	n->type = type;
	n->line = e->start_mark.line + 1;
	return n;
}

/* Add a child; the arrays double, so a long list costs linear time. */
static void
push(struct ynode *n, struct ynode *kid, char *key, size_t keyline)
{
	if (n->n == n->cap) {
		n->cap = n->cap ? n->cap * 2 : 4;
		n->kids = xreallocarray(n->kids, n->cap, sizeof *n->kids);
		if (n->type == YN_MAP) {
			n->keys = xreallocarray(n->keys, n->cap,
			    sizeof *n->keys);
			n->keylines = xreallocarray(n->keylines, n->cap,
			    sizeof *n->keylines);
		}
	}
	n->kids[n->n] = kid;
	if (n->type == YN_MAP) {
		n->keys[n->n] = key;
		n->keylines[n->n] = keyline;
	}
	n->n++;
}

/* A NUL (from a "\0" escape) would cut the text short unseen. */
static int
has_nul(const yaml_event_t *e)
{
	return e->type == YAML_SCALAR_EVENT &&
	    memchr(e->data.scalar.value, '\0', e->data.scalar.length) != NULL;
}

static int
refused(struct loader *l, const yaml_event_t *e)
{
	const yaml_char_t *anchor = NULL, *tag = NULL;
	size_t line = e->start_mark.line + 1;

	if (e->type == YAML_ALIAS_EVENT) {
		fail(l, line, "YAML aliases are not accepted");
		return 1;
	}
	if (e->type == YAML_SCALAR_EVENT) {
		anchor = e->data.scalar.anchor;
		tag = e->data.scalar.tag;
	} else if (e->type == YAML_SEQUENCE_START_EVENT) {
		anchor = e->data.sequence_start.anchor;
		tag = e->data.sequence_start.tag;
	} else if (e->type == YAML_MAPPING_START_EVENT) {
		anchor = e->data.mapping_start.anchor;
		tag = e->data.mapping_start.tag;
	}
	if (anchor != NULL)
		fail(l, line, "YAML anchors are not accepted");
	else if (tag != NULL)
		fail(l, line, "YAML tags are not accepted");
	return anchor != NULL || tag != NULL;
}

static struct ynode *node(struct loader *, yaml_event_t *, int depth);

static struct ynode *
scalar(const yaml_event_t *e)
{
	struct ynode *n = new_node(YN_SCALAR, e);
	const char *s = (const char *)e->data.scalar.value;
	size_t len = e->data.scalar.length;

	n->plain = e->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	if (n->plain && ((len == 1 && *s == '~') ||
	    (len == 4 && memcmp(s, "null", 4) == 0)))
		len = 0;
	n->str = xstrndup(s, len);
	return n;
}

/*
 * Why key, the next of map, is refused: it is a mapping or sequence,
 * empty, or the same as key number first.  By its place, never its
 * text: keys are input too.
 */
static void
bad_key(struct loader *l, const struct ynode *map, const struct ynode *key,
    long first)
{
	if (key->type != YN_SCALAR)
		fail(l, key->line, "key %zu of the mapping at line %zu is not a "
		    "plain name", map->n + 1, map->line);
	else if (key->str[0] == '\0')
		fail(l, key->line, "key %zu of the mapping at line %zu is empty",
		    map->n + 1, map->line);
	else
		fail(l, key->line, "key %zu of the mapping at line %zu repeats "
		    "key %ld", map->n + 1, map->line, first + 1);
}

/*
 * The items of a sequence or the pairs of a map, up to its end event.
 * seen holds a map's keys so far (the node's own strings, which stay
 * put), to find a repeated one.
 */
static int
children(struct loader *l, struct ynode *n, int depth, struct keyset *seen)
{
	yaml_event_t e;
	struct ynode *kid, *key;
	long first = -1;
	int end = n->type == YN_MAP ? YAML_MAPPING_END_EVENT :
	    YAML_SEQUENCE_END_EVENT;

	for (;;) {
		if (!next(l, &e))
			return -1;
		if ((int)e.type == end) {
			yaml_event_delete(&e);
			return 0;
		}
		if (n->type == YN_MAP && has_nul(&e)) {
			fail(l, e.start_mark.line + 1, "key %zu of the mapping at "
			    "line %zu holds a NUL byte", n->n + 1, n->line);
			yaml_event_delete(&e);
			return -1;
		}
		if ((kid = node(l, &e, depth + 1)) == NULL)
			return -1;
		if (n->type == YN_SEQ) {
			push(n, kid, NULL, 0);
			continue;
		}
		key = kid;
		if (key->type != YN_SCALAR || key->str[0] == '\0' ||
		    (first = keyset_add(seen, key->str, strlen(key->str),
		    n->n)) >= 0) {
			bad_key(l, n, key, first);
			ydoc_free(key);
			return -1;
		}
		if (!next(l, &e) || (kid = node(l, &e, depth + 1)) == NULL) {
			ydoc_free(key);
			return -1;
		}
		push(n, kid, key->str, key->line);
		key->str = NULL;
		ydoc_free(key);
	}
}

/* Build the node that starts with event e (which this consumes). */
static struct ynode *
node(struct loader *l, yaml_event_t *e, int depth)
{
	struct ynode *n = NULL;
	struct keyset *seen;
	int rv;

	if (refused(l, e))
		goto out;
	if (depth > YDOC_MAXDEPTH) {
		fail(l, e->start_mark.line + 1, "nested too deeply");
		goto out;
	}
	switch (e->type) {
	case YAML_SCALAR_EVENT:
		if (has_nul(e))
			fail(l, e->start_mark.line + 1,
			    "a value holds a NUL byte");
		else
			n = scalar(e);
		break;
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		n = new_node(e->type == YAML_MAPPING_START_EVENT ? YN_MAP :
		    YN_SEQ, e);
		yaml_event_delete(e);
		seen = n->type == YN_MAP ? keyset_new() : NULL;
		rv = children(l, n, depth, seen);
		keyset_free(seen);
		if (rv == -1) {
			ydoc_free(n);
			return NULL;
		}
		return n;
	default:
		fail(l, e->start_mark.line + 1, "YAML syntax: unexpected event");
		break;
	}
out:
	yaml_event_delete(e);
	return n;
}

static struct ynode *
load(struct loader *l)
{
	yaml_event_t e;
	struct ynode *root = NULL;

	while (root == NULL) {
		if (!next(l, &e))
			return NULL;
		if (e.type == YAML_STREAM_END_EVENT) {
			yaml_event_delete(&e);
			fail(l, 0, "the file is empty");
			return NULL;
		}
		if (e.type == YAML_STREAM_START_EVENT ||
		    e.type == YAML_DOCUMENT_START_EVENT) {
			yaml_event_delete(&e);
			continue;
		}
		if ((root = node(l, &e, 1)) == NULL)
			return NULL;
	}
	if (!next(l, &e))
		goto bad;
	if (e.type != YAML_DOCUMENT_END_EVENT)
		goto bad;
	yaml_event_delete(&e);
	if (!next(l, &e))
		goto bad;
	if (e.type != YAML_STREAM_END_EVENT) {
		fail(l, e.start_mark.line + 1, "one YAML document is expected");
		yaml_event_delete(&e);
		goto bad;
	}
	yaml_event_delete(&e);
	return root;
bad:
	ydoc_free(root);
	return NULL;
}

struct ynode *
ydoc_parse(const char *name, const char *text, size_t len)
{
	struct loader l;
	struct ynode *root;

	memset(&l, 0, sizeof l);
	l.name = name;
	if (!yaml_parser_initialize(&l.p))
		diag_fatal("out of memory");
	yaml_parser_set_input_string(&l.p, (const unsigned char *)text, len);
	root = load(&l);
	yaml_parser_delete(&l.p);
	return root;
}

char *
ydoc_slurp(const char *path, size_t *len)
{
	struct buf b = BUF_INIT;
	char block[8192];
	FILE *fp;
	size_t n;

	if ((fp = fopen(path, "r")) == NULL) {
		diag_syswarn(path);
		return NULL;
	}
	while ((n = fread(block, 1, sizeof block, fp)) > 0) {
		buf_add(&b, block, n);
		if (b.len > YDOC_MAXBYTES) {
			struct loc loc = { path, 0 };

			diag_warnx(&loc, "file too large (over 4 MiB)");
			fclose(fp);
			buf_free(&b);
			return NULL;
		}
	}
	if (ferror(fp)) {
		diag_syswarn(path);
		fclose(fp);
		buf_free(&b);
		return NULL;
	}
	fclose(fp);
	buf_add(&b, "", 0);
	*len = b.len;
	return b.s;
}

struct ynode *
ydoc_load(const char *path)
{
	struct ynode *root;
	size_t len;
	char *text;

	if ((text = ydoc_slurp(path, &len)) == NULL)
		return NULL;
	root = ydoc_parse(path, text, len);
	free(text);
	return root;
}

void
ydoc_free(struct ynode *n)
{
	size_t i;

	if (n == NULL)
		return;
	for (i = 0; i < n->n; i++) {
		ydoc_free(n->kids[i]);
		if (n->keys != NULL)
			free(n->keys[i]);
	}
	free(n->kids);
	free(n->keys);
	free(n->keylines);
	free(n->str);
	free(n);
}

const struct ynode *
ydoc_get(const struct ynode *map, const char *key)
{
	size_t i;

	if (map == NULL || map->type != YN_MAP)
		return NULL;
	for (i = 0; i < map->n; i++)
		if (strcmp(map->keys[i], key) == 0)
			return map->kids[i];
	return NULL;
}

int
ydoc_want(const char *file, const struct ynode *n, int type, const char *what)
{
	static const char *const names[] = { "a single value", "a list",
	    "a mapping" };
	struct loc loc = { file, n->line };

	if (n->type == type)
		return 0;
	diag_warnx(&loc, "%s is not %s", what, names[type]);
	return -1;
}

/* A key not allowed is named by its place; the names allowed are ours. */
int
ydoc_keys(const char *file, const struct ynode *map,
    const char *const *allowed)
{
	struct buf names = BUF_INIT;
	size_t i, j;

	for (i = 0; i < map->n; i++) {
		for (j = 0; allowed[j] != NULL; j++)
			if (strcmp(map->keys[i], allowed[j]) == 0)
				break;
		if (allowed[j] == NULL) {
			struct loc loc = { file, map->keylines[i] };

			for (j = 0; allowed[j] != NULL; j++)
				buf_addf(&names, "%s%s", j ? ", " : "",
				    allowed[j]);
			diag_warnx(&loc, "key %zu of the mapping at line %zu is "
			    "not one of %s", i + 1, map->line,
			    names.s != NULL ? names.s : "(none)");
			buf_free(&names);
			return -1;
		}
	}
	return 0;
}

int
ydoc_bad(const char *file, size_t line, const char *fmt, const char *key)
{
	struct loc loc = { file, line };

	diag_warnx(&loc, fmt, key);
	return -1;
}

int
ydoc_number(const char *file, const struct ynode *v, const char *key,
    long min, long max, long *dst)
{
	if (ydoc_want(file, v, YN_SCALAR, key) == -1)
		return -1;
	if (num_parse(v->str, min, max, dst) == -1)
		return ydoc_bad(file, v->line, "'%s' is not a whole number in "
		    "range", key);
	return 0;
}

int
ydoc_hours(const char *file, const struct ynode *v, const char *key,
    long *minutes)
{
	long n;

	if (ydoc_want(file, v, YN_SCALAR, key) == -1)
		return -1;
	if (num_hours(v->str, &n) == -1 || n > 24 * 60)
		return ydoc_bad(file, v->line, "'%s' is not a number of hours "
		    "(0-24)", key);
	*minutes = n;
	return 0;
}

int
ydoc_severities(const char *file, const struct ynode *map,
    const char *const *rules, enum sev *sev)
{
	size_t i, r;
	enum sev s;

	if (ydoc_want(file, map, YN_MAP, "severity") == -1 ||
	    ydoc_keys(file, map, rules) == -1)
		return -1;
	for (i = 0; i < map->n; i++) {
		for (r = 0; strcmp(map->keys[i], rules[r]) != 0; r++)
			;	/* ydoc_keys() found it among rules */
		/* the rule named by our own text, not the file's */
		if (ydoc_want(file, map->kids[i], YN_SCALAR, rules[r]) == -1)
			return -1;
		if ((s = sev_parse(map->kids[i]->str)) == SEV_BAD)
			return ydoc_bad(file, map->kids[i]->line, "the severity "
			    "of '%s' is not off, info, warning or violation",
			    rules[r]);
		sev[r] = s;
	}
	return 0;
}
