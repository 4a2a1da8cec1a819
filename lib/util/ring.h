/*
 * ring: blocks of bytes handed from one thread to another, in order.
 *
 * A ring holds a few blocks of one size.  The producer fills the block
 * ring_slot gives it and hands it on with ring_put; the consumer takes the
 * blocks in that order with ring_get and gives each back with
 * ring_release once done with it.  A producer ahead of the consumer waits
 * in ring_slot for a block to come free, a consumer ahead of the producer
 * waits in ring_get, so memory stays at the ring's blocks however much
 * passes through.
 *
 * The producer ends it with ring_end (no more blocks, and a status for
 * the consumer: 0, or its error); either side stops it at once with
 * ring_stop (ring_slot then returns NULL, ring_get false).  The first
 * error given is kept (ring_status).
 *
 * A file is sealed this way while its upload is read (docstore's put, the
 * caller producing), and opened ahead of a download that sends it
 * (docstore's ahead, the caller consuming): the slower of the two sets
 * the pace, rather than both one after the other.
 */
#ifndef PORCH_RING_H
#define PORCH_RING_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

struct ring;

/* A ring of n blocks (2 or more) of size bytes each, allocated when first
 * filled; aborts when out of memory. */
struct ring	*ring_new(unsigned n, size_t size);
/* Producer: the block to fill next (size bytes), waiting while every
 * block is handed on; NULL once the ring is stopped. */
unsigned char	*ring_slot(struct ring *);
/* Producer: hands on the block from ring_slot, len bytes of it. */
void		 ring_put(struct ring *, size_t len);
/* Producer: no more blocks; status (0 or an error) for the consumer. */
void		 ring_end(struct ring *, int status);
/* Consumer: the next block and its length, waiting for the producer;
 * false when it ended and every block was taken. */
bool		 ring_get(struct ring *, const unsigned char **, size_t *);
/* Consumer: done with the block from ring_get. */
void		 ring_release(struct ring *);
/* Either side: stops at once, with status (an error, or 0). */
void		 ring_stop(struct ring *, int status);
/* The first error given to ring_end or ring_stop; 0 when none was. */
int		 ring_status(struct ring *);
/* Wipes and frees the blocks (NULL is fine).  Neither side may use it
 * after: join the other thread first. */
void		 ring_free(struct ring *);

/* Starts fn(arg) on a new thread with every signal blocked, so signals
 * stay with the thread that handles them, and scheduled as a batch thread
 * (SCHED_BATCH, where the system allows it): woken by a block, it does
 * not take the processor from the thread that handed it, which reads the
 * network or sends to it and sets the pace.  False (logged) when it
 * cannot start. */
bool		 ring_thread(pthread_t *, void *(*fn)(void *), void *arg);

#endif
