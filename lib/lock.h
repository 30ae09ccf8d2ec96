/*
 * lock.h: a mutex that an error cannot leave held.
 *
 * A log read in two halves at once (attlog_read.h) runs the second half
 * on a thread of its own, and an error there (a message of diag.h's
 * that ends the run, or running out of memory in xalloc.h) ends that
 * thread (diag_impl.h) rather than the program.  A mutex the thread
 * held then would stay locked, and the first half would wait for it for
 * ever instead of the run ending with the message.  So whoever holds
 * such a mutex across a call that may end the thread holds it as
 *
 *	pthread_mutex_lock(m);
 *	pthread_cleanup_push(lock_release, m);
 *	... the call ...
 *	pthread_cleanup_pop(1);		(unlocks m)
 *
 * and a local the call sets between the two is volatile (the push may
 * be a setjmp()).  For lib/auth.c's client numbers and the table of
 * lib/hours_read.c.  Nothing here allocates, prints or exits.
 */
#ifndef IOP_LOCK_H
#define IOP_LOCK_H

/* pthread_cleanup_push()'s handler: unlock the pthread_mutex_t *mutex. */
void	lock_release(void *mutex);

#endif
