/*
 * diag_impl.h: messages that wait their turn, for the two-halves read
 * of a log (attlog_read.c), the schedule and logs read at once
 * (attend_read.c) and the record loop they drive (check.c).  Not for
 * programs.
 *
 * A thread that reads the second half of a file while another reads
 * the first may not speak before the first is done, since an error in
 * the first half comes first.  After diag_hold(h), this thread's first
 * message is kept in h instead of printed, and diag_errx(),
 * diag_fatal() and diag_exit() end the thread instead of the program.
 * Whoever joins the thread then calls diag_release(h), which prints the
 * kept message and takes its status.
 */
#ifndef IOP_DIAG_IMPL_H
#define IOP_DIAG_IMPL_H

#include "diag.h"

struct diag_hold {
	char	msg[2048];
	int	status;
};
void	diag_hold(struct diag_hold *);
void	diag_release(struct diag_hold *);
/* exit(status), or in a holding thread the end of the thread. */
_Noreturn void diag_exit(int status);

#endif
