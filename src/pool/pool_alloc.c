/* Address leases of the local pools. */
#include "pool/pool_alloc.h"

#include <arpa/inet.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/hmap.h"
#include "rib/keymap.h"

struct pool_lease {
	uint32_t ls_addr; /* host order */
	char *ls_owner;
	bool ls_in_use;
};

/* The leases of one pool: by address, and each owner's last one. */
struct pool_book {
	struct keymap pb_leases; /* address -> struct pool_lease */
	struct hmap *pb_owners;	 /* owner -> struct pool_lease (its last) */
	struct pool_book *pb_next;
	char pb_name[];
};

static struct pool_book *books;

static struct pool_book *book_find(const char *pool)
{
	for (struct pool_book *b = books; b; b = b->pb_next)
		if (strcmp(b->pb_name, pool) == 0)
			return b;
	return NULL;
}

static struct pool_book *book_get(const char *pool)
{
	struct pool_book *b = book_find(pool);
	size_t len = strlen(pool) + 1;

	if (b)
		return b;
	if (!(b = calloc(1, sizeof(*b) + len)))
		return NULL;
	if (!(b->pb_owners = hmap_new(false))) {
		free(b);
		return NULL;
	}
	memcpy(b->pb_name, pool, len);
	b->pb_next = books;
	books = b;
	return b;
}

static bool in_pool(const struct pool *pl, uint32_t addr)
{
	for (const struct pool_range *pr = pl->pl_ranges; pr; pr = pr->pr_next)
		if (addr >= pr->pr_start && addr <= pr->pr_end)
			return true;
	return false;
}

/* An address nobody ever held (*old NULL), else the first one remembered for another owner; false when full. */
static bool find_free(const struct pool_book *b, const struct pool *pl, uint32_t *addr, struct pool_lease **old)
{
	struct pool_lease *reuse = NULL;

	for (const struct pool_range *pr = pl->pl_ranges; pr; pr = pr->pr_next)
		for (uint64_t a = pr->pr_start; a <= pr->pr_end; a++) {
			struct pool_lease *ls = keymap_get(&b->pb_leases, a);
			if (!ls) {
				*addr = (uint32_t)a;
				*old = NULL;
				return true;
			}
			if (!ls->ls_in_use && !reuse)
				reuse = ls;
		}
	if (!reuse)
		return false;
	*addr = reuse->ls_addr;
	*old = reuse;
	return true;
}

/* Gives the lease a new owner: the previous one no longer remembers it. */
static int lease_own(struct pool_book *b, struct pool_lease *ls, const char *owner)
{
	char *copy = strdup(owner);

	if (!copy || hmap_put(b->pb_owners, owner, ls) < 0) {
		free(copy);
		return -1;
	}
	if (ls->ls_owner && hmap_get(b->pb_owners, ls->ls_owner) == ls && strcmp(ls->ls_owner, owner) != 0)
		hmap_del(b->pb_owners, ls->ls_owner);
	free(ls->ls_owner);
	ls->ls_owner = copy;
	ls->ls_in_use = true;
	return 0;
}

static struct pool_lease *lease_new(struct pool_book *b, uint32_t addr)
{
	struct pool_lease *ls = calloc(1, sizeof(*ls));

	if (!ls)
		return NULL;
	ls->ls_addr = addr;
	if (keymap_put(&b->pb_leases, addr, ls) < 0) {
		free(ls);
		return NULL;
	}
	return ls;
}

int pool_alloc(const struct pool *pl, const char *owner, struct in_addr *out)
{
	struct pool_book *b = book_get(pl->pl_name);
	struct pool_lease *ls = b ? hmap_get(b->pb_owners, owner) : NULL;
	uint32_t addr;

	if (!b)
		return -1;
	if (!ls || ls->ls_in_use || !in_pool(pl, ls->ls_addr)) {
		if (!find_free(b, pl, &addr, &ls))
			return -1;
		if (!ls && !(ls = lease_new(b, addr)))
			return -1;
	}
	if (lease_own(b, ls, owner) < 0)
		return -1;
	out->s_addr = htonl(ls->ls_addr);
	return 0;
}

void pool_release(const char *pool, struct in_addr addr)
{
	struct pool_book *b = book_find(pool);
	struct pool_lease *ls = b ? keymap_get(&b->pb_leases, ntohl(addr.s_addr)) : NULL;

	if (ls)
		ls->ls_in_use = false;
}

uint64_t pool_in_use(const char *pool, const struct pool_range *pr)
{
	const struct pool_book *b = book_find(pool);
	const struct keymap_slot *s;
	uint64_t n = 0;

	for (size_t i = 0; b && (s = keymap_next(&b->pb_leases, &i));) {
		const struct pool_lease *ls = s->ks_val;
		n += ls->ls_in_use && ls->ls_addr >= pr->pr_start && ls->ls_addr <= pr->pr_end;
	}
	return n;
}

void pool_alloc_reset(void)
{
	const struct keymap_slot *s;

	while (books) {
		struct pool_book *b = books;
		books = b->pb_next;
		for (size_t i = 0; (s = keymap_next(&b->pb_leases, &i));) {
			struct pool_lease *ls = s->ks_val;
			free(ls->ls_owner);
			free(ls);
		}
		keymap_clear(&b->pb_leases);
		hmap_free(b->pb_owners);
		free(b);
	}
}
