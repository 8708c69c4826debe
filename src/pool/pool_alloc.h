/*
 * Addresses handed out from "ip local pool" at run time (IKEv2 mode
 * config). An address is leased to an owner (the peer's identity) until
 * released; a released address stays remembered for its last owner, so the
 * same peer gets the same address again while nobody else took it. New
 * owners get addresses nobody held before, then the remembered ones.
 */
#ifndef FERRY_POOL_POOL_ALLOC_H
#define FERRY_POOL_POOL_ALLOC_H

#include <netinet/in.h>
#include <stdint.h>

#include "pool/pool.h"

/* Leases an address of pl to owner; -1 when every address is in use or memory runs out. */
int pool_alloc(const struct pool *pl, const char *owner, struct in_addr *out);
/* Gives a leased address back (nothing if it is not leased). */
void pool_release(const char *pool, struct in_addr addr);
/* How many addresses of the range are leased now. */
uint64_t pool_in_use(const char *pool, const struct pool_range *pr);
/* Forgets every lease and remembered owner. */
void pool_alloc_reset(void);

#endif
