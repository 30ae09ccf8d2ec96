/* lock.c: a mutex that an error cannot leave held (see lock.h). */
#include <pthread.h>

#include "lock.h"

void
lock_release(void *mutex)
{
	pthread_mutex_unlock(mutex);
}
