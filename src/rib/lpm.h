/*
 * Longest-prefix match over IPv4 prefixes: one hash table per prefix
 * length and a mask of the lengths in use, so a lookup probes only the
 * lengths that hold routes (a handful in practice) and an insert is one
 * hash put, at a million prefixes as at ten. Values are the caller's
 * objects, which begin with (or embed) a struct lpm_node carrying the key.
 */
#ifndef FERRY_RIB_LPM_H
#define FERRY_RIB_LPM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rib/keymap.h"

/* A prefix: address in host byte order with the host bits zero, and its length (0-32). */
struct lpm_node {
	uint32_t ln_addr;
	uint8_t ln_plen;
};

struct lpm {
	struct keymap lp_len[33]; /* by prefix length: address -> struct lpm_node * */
	uint64_t lp_used;	  /* bit L: lp_len[L] is not empty */
	size_t lp_count;
};

/* The netmask of a prefix length, in host byte order. */
uint32_t lpm_mask(uint8_t plen);

void lpm_clear(struct lpm *t);
struct lpm_node *lpm_exact(const struct lpm *t, uint32_t addr, uint8_t plen);
/* The most specific prefix covering addr whose length is at most maxplen; NULL if none. */
struct lpm_node *lpm_longest(const struct lpm *t, uint32_t addr, uint8_t maxplen);
/* Adds a node whose prefix is not in the table yet; -1 if out of memory. */
int lpm_insert(struct lpm *t, struct lpm_node *n);
void lpm_remove(struct lpm *t, struct lpm_node *n);

/* Visits every node, by length then hash order: for (...; (n = lpm_next(t, &it));). No changes meanwhile. */
struct lpm_iter {
	unsigned li_len;
	size_t li_pos;
};
struct lpm_node *lpm_next(const struct lpm *t, struct lpm_iter *it);

#endif
