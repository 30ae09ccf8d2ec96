/*
 * compat.h: shims for interfaces that only some systems or compilers
 * have, so that the code says what it wants once and builds everywhere.
 *
 * compat_pledge() is pledge(2) on OpenBSD and does nothing elsewhere,
 * so main() can state the promises it needs on every system.
 *
 * The speed tricks of GCC and Clang each have a plain path that any C11
 * compiler builds; -DIOP_PLAIN forces it, so that it can be tested:
 *
 * COMPAT_PREFETCH(p), COMPAT_PREFETCH_W(p): a hint that the cache line
 * at p will soon be read (or written).  Plain: nothing.
 *
 * COMPAT_NOINLINE, COMPAT_ALWAYS_INLINE: keep a function out of line
 * (a cold path out of a hot loop) or always in it.  Plain: nothing.
 *
 * COMPAT_VECTOR16, when defined: compat_bytes16 is a vector of sixteen
 * unsigned chars, with lane-wise ==, |, & and + (SSE2, NEON).  Plain:
 * undefined, and the code goes a byte at a time.
 */
#ifndef IOP_COMPAT_H
#define IOP_COMPAT_H

#ifdef __OpenBSD__
#include <unistd.h>
#define compat_pledge(p) pledge((p), NULL)
#else
#define compat_pledge(p) 0
#endif

#if (defined(__GNUC__) || defined(__clang__)) && !defined(IOP_PLAIN)
#define COMPAT_PREFETCH(p)	__builtin_prefetch((p))
#define COMPAT_PREFETCH_W(p)	__builtin_prefetch((p), 1)
#define COMPAT_NOINLINE		__attribute__((noinline))
#define COMPAT_ALWAYS_INLINE	__attribute__((always_inline))
#define COMPAT_VECTOR16		1
typedef unsigned char compat_bytes16 __attribute__((vector_size(16)));
#else
#define COMPAT_PREFETCH(p)	((void)(p))
#define COMPAT_PREFETCH_W(p)	((void)(p))
#define COMPAT_NOINLINE
#define COMPAT_ALWAYS_INLINE
#endif

#endif
