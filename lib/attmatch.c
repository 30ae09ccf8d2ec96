/*
 * attmatch.c: the records of one client-day paired with its sessions
 * (attmatch.h has the rule).  A day of a few sessions tries each one
 * for each record; a large day keeps its unmatched sessions in
 * structures that answer each pass's question without a walk over all
 * of them:
 *   - by session id, and by service: the sessions sorted by the key,
 *     then position, with a cursor per key past the matched ones;
 *   - by overlap: a tree of the latest end among the unmatched sessions
 *     of each range of positions, and the runs of sessions that start at
 *     the same minute.
 */
#include <stdint.h>
#include <stdlib.h>

#include "attmatch.h"
#include "xalloc.h"

/* Up to this many session-record pairs, trying each pair is cheapest. */
#define SMALL_DAY	4096

#define NONE		SIZE_MAX
#define NOEND		INT16_MIN	/* a matched session, in the tree */

static int
overlap(const struct attend_sess *s, const struct attend_rec *r)
{
	int lo = s->start > r->start ? s->start : r->start;
	int hi = s->end < r->end ? s->end : r->end;

	return hi > lo ? hi - lo : 0;
}

static void
pair(struct attend_sess *ss, size_t s, struct attend_rec *as, size_t r)
{
	ss[s].att = (int32_t)r;
	as[r].flags |= ATTEND_MATCHED;
}

/* The rule, read plainly: each record tries every session. */
void
attmatch_small(struct attend_sess *ss, size_t ns, struct attend_rec *as,
    size_t r0, size_t r1)
{
	size_t s, r, best;
	int ov, bestov;

	for (r = r0; r < r1; r++)
		for (s = 0; s < ns && as[r].id != ATTEND_NOSTR; s++)
			if (ss[s].att < 0 && ss[s].id == as[r].id) {
				pair(ss, s, as, r);
				break;
			}
	for (r = r0; r < r1; r++) {
		if ((as[r].flags & ATTEND_MATCHED) || as[r].start < 0)
			continue;
		for (s = 0, best = ns, bestov = 0; s < ns; s++)
			if (ss[s].att < 0 && (ov = overlap(&ss[s], &as[r])) >
			    bestov) {
				best = s;
				bestov = ov;
			}
		if (best < ns)
			pair(ss, best, as, r);
	}
	for (r = r0; r < r1; r++) {
		if ((as[r].flags & ATTEND_MATCHED) || as[r].start >= 0)
			continue;
		for (s = 0, best = ns; s < ns; s++)
			if (ss[s].att < 0 && (best == ns || (as[r].service !=
			    ATTEND_NOSTR && ss[s].service == as[r].service &&
			    ss[best].service != as[r].service)))
				best = s;
		if (best < ns)
			pair(ss, best, as, r);
	}
}

/* --- the sessions by a key (an id, a service) --- */

struct keyed {
	uint32_t key;
	uint32_t pos;
};

struct by_key {
	struct keyed *k;	/* sorted by key, then position */
	uint32_t *next;		/* next[g], g a key's first: where to look */
	size_t	 n;
};

static int
keyed_cmp(const void *x, const void *y)
{
	const struct keyed *a = x, *b = y;

	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	return (a->pos > b->pos) - (a->pos < b->pos);
}

static void
by_key_init(struct by_key *q, const struct attend_sess *ss, size_t ns,
    int by_id)
{
	size_t i;

	q->k = xreallocarray(NULL, ns, sizeof *q->k);
	q->next = xreallocarray(NULL, ns, sizeof *q->next);
	q->n = ns;
	for (i = 0; i < ns; i++) {
		q->k[i].key = by_id ? ss[i].id : ss[i].service;
		q->k[i].pos = (uint32_t)i;
		q->next[i] = (uint32_t)i;
	}
	qsort(q->k, ns, sizeof *q->k, keyed_cmp);
}

static void
by_key_free(struct by_key *q)
{
	free(q->k);
	free(q->next);
}

/* The first unmatched session of key, or NONE. */
static size_t
by_key_first(struct by_key *q, const struct attend_sess *ss, uint32_t key)
{
	size_t lo = 0, hi = q->n, mid, i;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (q->k[mid].key < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == q->n || q->k[lo].key != key)
		return NONE;
	for (i = q->next[lo]; i < q->n && q->k[i].key == key &&
	    ss[q->k[i].pos].att >= 0; i++)
		;
	q->next[lo] = (uint32_t)i;
	return i < q->n && q->k[i].key == key ? q->k[i].pos : NONE;
}

/* --- the unmatched sessions by their ends --- */

struct by_end {
	int	*tree;		/* [1]: root; leaves from [size] */
	size_t	 size;		/* leaves, a power of two */
	size_t	*run;		/* run[i]: the first session starting at a
				   minute; run[nruns] = ns */
	int	*run_end;	/* the latest end in run i, or NOEND */
	size_t	*live;		/* live[i]: a run >= i, on the way to the
				   first not all matched (live_run()) */
	size_t	 nruns;
};

static int
tree_max(const struct by_end *t, size_t l, size_t r)
{
	int m = NOEND;

	for (l += t->size, r += t->size; l < r; l /= 2, r /= 2) {
		if ((l & 1) && t->tree[l] > m)
			m = t->tree[l];
		if (l & 1)
			l++;
		if ((r & 1) && t->tree[r - 1] > m)
			m = t->tree[r - 1];
	}
	return m;
}

static size_t
tree_descend(const struct by_end *t, size_t node, int end)
{
	while (node < t->size)
		node = t->tree[2 * node] >= end ? 2 * node : 2 * node + 1;
	return node - t->size;
}

/* The first session in [l, r) that ends at end or later, or NONE. */
static size_t
tree_first(const struct by_end *t, size_t l, size_t r, int end)
{
	size_t right[8 * sizeof(size_t)], nright = 0;

	for (l += t->size, r += t->size; l < r; l /= 2, r /= 2) {
		if (l & 1) {
			if (t->tree[l] >= end)
				return tree_descend(t, l, end);
			l++;
		}
		if (r & 1)
			right[nright++] = --r;
	}
	while (nright > 0) {
		r = right[--nright];
		if (t->tree[r] >= end)
			return tree_descend(t, r, end);
	}
	return NONE;
}

static void
tree_set(struct by_end *t, size_t pos, int end)
{
	size_t i = t->size + pos;

	for (t->tree[i] = end; i > 1; i /= 2)
		t->tree[i / 2] = t->tree[i & ~(size_t)1] > t->tree[i | 1] ?
		    t->tree[i & ~(size_t)1] : t->tree[i | 1];
}

static void
by_end_init(struct by_end *t, const struct attend_sess *ss, size_t ns)
{
	size_t i;

	for (t->size = 1; t->size < ns; t->size *= 2)
		;
	t->tree = xreallocarray(NULL, 2 * t->size, sizeof *t->tree);
	for (i = 0; i < t->size; i++)
		t->tree[t->size + i] = i < ns && ss[i].att < 0 ? ss[i].end :
		    NOEND;
	for (i = t->size - 1; i >= 1; i--)
		t->tree[i] = t->tree[2 * i] > t->tree[2 * i + 1] ?
		    t->tree[2 * i] : t->tree[2 * i + 1];
	t->run = xreallocarray(NULL, ns + 1, sizeof *t->run);
	t->nruns = 0;
	for (i = 0; i < ns; i++)
		if (i == 0 || ss[i].start != ss[i - 1].start)
			t->run[t->nruns++] = i;
	t->run[t->nruns] = ns;
	t->run_end = xreallocarray(NULL, t->nruns, sizeof *t->run_end);
	t->live = xreallocarray(NULL, t->nruns + 1, sizeof *t->live);
	for (i = 0; i <= t->nruns; i++) {
		if (i < t->nruns)
			t->run_end[i] = tree_max(t, t->run[i], t->run[i + 1]);
		t->live[i] = i < t->nruns && t->run_end[i] == NOEND ? i + 1 : i;
	}
}

static void
by_end_free(struct by_end *t)
{
	free(t->tree);
	free(t->run);
	free(t->run_end);
	free(t->live);
}

/*
 * The first run from i on with a session left (nruns if none): runs
 * all matched are stepped over once each, not once per record.
 */
static size_t
live_run(struct by_end *t, size_t i)
{
	while (t->live[i] != i) {
		t->live[i] = t->live[t->live[i]];	/* halve the path */
		i = t->live[i];
	}
	return i;
}

/* The first run whose sessions start after minute (nruns if none). */
static size_t
run_after(const struct by_end *t, const struct attend_sess *ss, int minute)
{
	size_t lo = 0, hi = t->nruns, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (ss[t->run[mid]].start <= minute)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void
by_end_remove(struct by_end *t, const struct attend_sess *ss, size_t pos)
{
	size_t run = run_after(t, ss, ss[pos].start) - 1;

	tree_set(t, pos, NOEND);
	t->run_end[run] = tree_max(t, t->run[run], t->run[run + 1]);
	if (t->run_end[run] == NOEND)
		t->live[run] = run + 1;
}

/*
 * The unmatched session that [start, end) overlaps longest, the first
 * on a tie, or NONE.  A session starting at or before start overlaps it
 * by min(its end, end) - start: the latest end among them wins, found
 * by the tree.  One starting after start, at a, by at most end - a,
 * less the later a is: runs are tried in order until no later one can
 * do better.
 */
static size_t
longest_overlap(struct by_end *t, const struct attend_sess *ss,
    int start, int end)
{
	size_t after = run_after(t, ss, start), i, run = NONE;
	size_t first_after = t->run[after];
	int best = 0, latest, a;

	latest = tree_max(t, 0, first_after);
	if (latest > start && (latest < end ? latest : end) - start > 0)
		best = (latest < end ? latest : end) - start;
	for (i = live_run(t, after); i < t->nruns; i = live_run(t, i + 1)) {
		a = ss[t->run[i]].start;
		if (end - a <= best)
			break;
		latest = t->run_end[i] < end ? t->run_end[i] : end;
		if (latest - a > best) {
			best = latest - a;
			run = i;
		}
	}
	if (run != NONE)
		return tree_first(t, t->run[run], t->run[run + 1], best +
		    ss[t->run[run]].start);
	return best > 0 ? tree_first(t, 0, first_after, start + best) : NONE;
}

/* Pass 1: a record with a session id takes the first of that id. */
static void
match_by_id(struct attend_sess *ss, size_t ns, struct attend_rec *as,
    size_t r0, size_t r1)
{
	struct by_key q;
	size_t r, s;

	for (r = r0; r < r1 && as[r].id == ATTEND_NOSTR; r++)
		;
	if (r == r1)
		return;
	by_key_init(&q, ss, ns, 1);
	for (; r < r1; r++)
		if (as[r].id != ATTEND_NOSTR &&
		    (s = by_key_first(&q, ss, as[r].id)) != NONE)
			pair(ss, s, as, r);
	by_key_free(&q);
}

/* Pass 2: a record with times takes the session it overlaps longest. */
static void
match_by_overlap(struct attend_sess *ss, size_t ns, struct attend_rec *as,
    size_t r0, size_t r1)
{
	struct by_end t;
	size_t r, s;

	by_end_init(&t, ss, ns);
	for (r = r0; r < r1 && t.tree[1] != NOEND; r++) {
		if ((as[r].flags & ATTEND_MATCHED) || as[r].start < 0)
			continue;
		if ((s = longest_overlap(&t, ss, as[r].start, as[r].end)) !=
		    NONE) {
			pair(ss, s, as, r);
			by_end_remove(&t, ss, s);
		}
	}
	by_end_free(&t);
}

/* Pass 3: one without takes the first of its service, else the first. */
static void
match_untimed(struct attend_sess *ss, size_t ns, struct attend_rec *as,
    size_t r0, size_t r1)
{
	struct by_key q;
	size_t r, s, first = 0;

	for (r = r0; r < r1 && ((as[r].flags & ATTEND_MATCHED) ||
	    as[r].start >= 0); r++)
		;
	if (r == r1)
		return;
	by_key_init(&q, ss, ns, 0);
	for (; r < r1; r++) {
		if ((as[r].flags & ATTEND_MATCHED) || as[r].start >= 0)
			continue;
		s = as[r].service != ATTEND_NOSTR ?
		    by_key_first(&q, ss, as[r].service) : NONE;
		while (s == NONE && first < ns && ss[first].att >= 0)
			first++;
		if (s == NONE && first < ns)
			s = first;
		if (s != NONE)
			pair(ss, s, as, r);
	}
	by_key_free(&q);
}

void
attmatch_large(struct attend_sess *ss, size_t ns, struct attend_rec *as,
    size_t r0, size_t r1)
{
	match_by_id(ss, ns, as, r0, r1);
	match_by_overlap(ss, ns, as, r0, r1);
	match_untimed(ss, ns, as, r0, r1);
}

void
attmatch_day(struct attend_sess *ss, size_t ns, struct attend_rec *as,
    size_t r0, size_t r1)
{
	if (ns == 0 || r0 == r1)
		return;
	if (ns <= SMALL_DAY / (r1 - r0))
		attmatch_small(ss, ns, as, r0, r1);
	else
		attmatch_large(ss, ns, as, r0, r1);
}
