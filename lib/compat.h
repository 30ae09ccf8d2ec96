/*
 * compat.h: shims for interfaces that only some systems have.
 *
 * compat_pledge() is pledge(2) on OpenBSD and does nothing elsewhere,
 * so main() can state the promises it needs on every system.
 */
#ifndef IOP_COMPAT_H
#define IOP_COMPAT_H

#ifdef __OpenBSD__
#include <unistd.h>
#define compat_pledge(p) pledge((p), NULL)
#else
#define compat_pledge(p) 0
#endif

#endif
