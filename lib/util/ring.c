/*
 * ring: blocks of bytes handed from one thread to another (see ring.h).
 *
 * head counts the blocks put, tail those released; the producer fills
 * block[head % n] and the consumer holds block[tail % n], which are
 * different blocks while head - tail < n.  One mutex and one condition
 * variable serve both sides: each wait is for the other side's move.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "arena.h"
#include "log.h"
#include "ring.h"

struct ring {
	pthread_mutex_t	 mu;
	pthread_cond_t	 cv;
	unsigned	 n;
	size_t		 size;
	unsigned char	**block;
	size_t		*len;
	unsigned	 head, tail;
	bool		 ended, stopped;
	int		 status;
};

struct ring *
ring_new(unsigned n, size_t size)
{
	struct ring	*r = heap_zalloc(sizeof(*r));

	pthread_mutex_init(&r->mu, NULL);
	pthread_cond_init(&r->cv, NULL);
	r->n = n;
	r->size = size;
	r->block = heap_zalloc(n * sizeof(*r->block));
	r->len = heap_zalloc(n * sizeof(*r->len));
	return r;
}

unsigned char *
ring_slot(struct ring *r)
{
	unsigned char	**b;

	pthread_mutex_lock(&r->mu);
	while (r->head - r->tail == r->n && !r->stopped)
		pthread_cond_wait(&r->cv, &r->mu);
	b = r->stopped ? NULL : &r->block[r->head % r->n];
	pthread_mutex_unlock(&r->mu);
	if (b == NULL)
		return NULL;
	if (*b == NULL)
		*b = heap_zalloc(r->size);	/* the producer's own block */
	return *b;
}

void
ring_put(struct ring *r, size_t len)
{
	pthread_mutex_lock(&r->mu);
	r->len[r->head % r->n] = len;
	r->head++;
	pthread_cond_broadcast(&r->cv);
	pthread_mutex_unlock(&r->mu);
}

/* Ends or stops with status, the first error kept. */
static void
finish(struct ring *r, bool stop, int status)
{
	pthread_mutex_lock(&r->mu);
	r->ended = true;
	r->stopped |= stop;
	if (r->status == 0)
		r->status = status;
	pthread_cond_broadcast(&r->cv);
	pthread_mutex_unlock(&r->mu);
}

void
ring_end(struct ring *r, int status)
{
	finish(r, false, status);
}

void
ring_stop(struct ring *r, int status)
{
	finish(r, true, status);
}

bool
ring_get(struct ring *r, const unsigned char **p, size_t *len)
{
	bool	 got;

	pthread_mutex_lock(&r->mu);
	while (r->tail == r->head && !r->ended)
		pthread_cond_wait(&r->cv, &r->mu);
	if ((got = r->tail != r->head && !r->stopped)) {
		*p = r->block[r->tail % r->n];
		*len = r->len[r->tail % r->n];
	}
	pthread_mutex_unlock(&r->mu);
	return got;
}

void
ring_release(struct ring *r)
{
	pthread_mutex_lock(&r->mu);
	r->tail++;
	pthread_cond_broadcast(&r->cv);
	pthread_mutex_unlock(&r->mu);
}

int
ring_status(struct ring *r)
{
	int	 s;

	pthread_mutex_lock(&r->mu);
	s = r->status;
	pthread_mutex_unlock(&r->mu);
	return s;
}

void
ring_free(struct ring *r)
{
	unsigned	 i;

	if (r == NULL)
		return;
	for (i = 0; i < r->n; i++) {
		if (r->block[i] != NULL)
			sodium_memzero(r->block[i], r->size);
		free(r->block[i]);
	}
	free(r->block);
	free(r->len);
	pthread_cond_destroy(&r->cv);
	pthread_mutex_destroy(&r->mu);
	free(r);
}

bool
ring_thread(pthread_t *t, void *(*fn)(void *), void *arg)
{
	struct sched_param	 none = { .sched_priority = 0 };
	pthread_attr_t		 batch;
	sigset_t		 all, old;
	int			 e;

	pthread_attr_init(&batch);
	pthread_attr_setinheritsched(&batch, PTHREAD_EXPLICIT_SCHED);
	pthread_attr_setschedpolicy(&batch, SCHED_BATCH);
	pthread_attr_setschedparam(&batch, &none);
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	if ((e = pthread_create(t, &batch, fn, arg)) == EPERM)
		e = pthread_create(t, NULL, fn, arg);	/* no batch here */
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	pthread_attr_destroy(&batch);
	if (e != 0)
		log_warn("ring: no thread: %s", strerror(e));
	return e == 0;
}
