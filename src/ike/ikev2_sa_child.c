/*
 * The CHILD_SAs of an IKE SA in the dataplane. A rekeyed CHILD_SA keeps its
 * predecessor's reqid, so the policies stay and only the SAs change: the
 * new pair goes in before the old pair goes out (§2.8: the old one still
 * carries traffic until its DELETE). Policies are keyed by their selector
 * alone, so the last CHILD_SA between two addresses removes them; an
 * earlier one hands them to a survivor (policy_heir).
 */
#include <arpa/inet.h>
#include <time.h>

#include "core/log.h"
#include "ike/ikev2_sa.h"

#define SA_OPS 2 /* ikev2_child_ops: the two SAs first, then the two policies */

static size_t child_ops(const struct ikev2_ike_sa *sa, const struct ikev2_child *c, struct dp_op ops[4])
{
	const struct ikev2_init *in = &sa->sa_init;
	bool natt = ntohs(in->in_local.sin_port) == IKEV2_NATT_PORT;

	return ikev2_child_ops(c, natt ? ntohs(in->in_local.sin_port) : 0, natt ? ntohs(in->in_remote.sin_port) : 0,
			       ops);
}

static bool apply(struct ikev2_mgr *mg, const struct ikev2_ike_sa *sa, const struct dp_op *ops, size_t n)
{
	char why[256];

	if (dataplane_apply(&mg->mg_d->fd_dp, ops, n, why, sizeof(why)) == 0)
		return true;
	log_msg(SEV_ERR, "IKEV2", "CHILD", "SA %u: the dataplane refused the CHILD_SA: %s", sa->sa_id, why);
	return false;
}

bool ikev2_sa_child_install(struct ikev2_mgr *mg, const struct ikev2_ike_sa *sa, const struct ikev2_child *c,
			    bool first)
{
	struct dp_op ops[4];
	size_t n = child_ops(sa, c, ops);

	if (n == 0) {
		log_msg(SEV_ERR, "IKEV2", "CHILD", "SA %u: the CHILD_SA has no encryption key, not installed",
			sa->sa_id);
		return false;
	}
	return apply(mg, sa, ops, first ? n : SA_OPS);
}

/*
 * Another IKE SA's CHILD_SA in the dataplane between c's addresses. When both
 * ends initiate at once, two IKE SAs protect one (src, dst, GRE) pair whose
 * policies the dataplane holds once, pointing at the last installed.
 */
static const struct ikev2_ike_sa *policy_heir(const struct ikev2_mgr *mg, const struct ikev2_ike_sa *gone,
					      const struct ikev2_child *c)
{
	for (const struct ikev2_ike_sa *o = mg->mg_sas; o; o = o->sa_next)
		if (o != gone && o->sa_child_installed && o->sa_child.cs_local.s_addr == c->cs_local.s_addr &&
		    o->sa_child.cs_remote.s_addr == c->cs_remote.s_addr)
			return o;
	return NULL;
}

/* The heir's policies (re)installed in place of those going: its CHILD_SA carries the pair's traffic now. */
static void policies_to_heir(struct ikev2_mgr *mg, const struct ikev2_ike_sa *gone, const struct ikev2_ike_sa *heir)
{
	struct dp_op ops[4];
	size_t n = child_ops(heir, &heir->sa_child, ops);

	if (n > SA_OPS && apply(mg, heir, ops + SA_OPS, n - SA_OPS))
		log_msg(SEV_INFO, "IKEV2", "CHILD", "SA %u: its policies now lead to SA %u's CHILD_SA", gone->sa_id,
			heir->sa_id);
}

void ikev2_sa_child_remove(struct ikev2_mgr *mg, const struct ikev2_ike_sa *sa, const struct ikev2_child *c, bool last)
{
	const struct ikev2_ike_sa *heir = last ? policy_heir(mg, sa, c) : NULL;
	struct dp_op ops[4];
	size_t n = child_ops(sa, c, ops);

	if (n == 0)
		return; /* never installed: ikev2_sa_child_install refuses a keyless CHILD_SA */
	for (size_t i = 0; i < n; i++)
		ops[i].op_type = ops[i].op_type == DP_SA_ADD ? DP_SA_DEL : DP_POLICY_DEL;
	apply(mg, sa, ops, last && !heir ? n : SA_OPS);
	if (heir)
		policies_to_heir(mg, sa, heir);
}

void ikev2_sa_spare_remove(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa, struct ikev2_child *c)
{
	ikev2_sa_child_remove(mg, sa, c, false);
	ikev2_child_fini(c);
}

void ikev2_sa_child_retire(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa, struct ikev2_child *c)
{
	int slot = 0;

	for (int i = 1; i < IKEV2_SA_SPARES; i++)
		if (sa->sa_spare[slot].cs_spi_in &&
		    (!sa->sa_spare[i].cs_spi_in || sa->sa_spare_at[i] < sa->sa_spare_at[slot]))
			slot = i;
	if (sa->sa_spare[slot].cs_spi_in)
		ikev2_sa_spare_remove(mg, sa, &sa->sa_spare[slot]);
	sa->sa_spare[slot] = *c;
	sa->sa_spare_at[slot] = time(NULL);
	*c = (struct ikev2_child){0};
}

struct ikev2_child *ikev2_sa_spare_by_out(struct ikev2_ike_sa *sa, uint32_t spi)
{
	for (int i = 0; i < IKEV2_SA_SPARES; i++)
		if (sa->sa_spare[i].cs_spi_in && sa->sa_spare[i].cs_spi_out == spi)
			return &sa->sa_spare[i];
	return NULL;
}

void ikev2_sa_children_remove(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa)
{
	for (int i = 0; i < IKEV2_SA_SPARES; i++)
		if (sa->sa_spare[i].cs_spi_in)
			ikev2_sa_spare_remove(mg, sa, &sa->sa_spare[i]);
	if (sa->sa_child_installed)
		ikev2_sa_child_remove(mg, sa, &sa->sa_child, true);
	sa->sa_child_installed = false;
}

void ikev2_sa_child_replace(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa, struct ikev2_child *fresh, const char *by)
{
	if (!ikev2_sa_child_install(mg, sa, fresh, false))
		log_msg(SEV_ERR, "IKEV2", "REKEY", "SA %u: the rekeyed CHILD_SA is not in the dataplane", sa->sa_id);
	ikev2_sa_child_retire(mg, sa, &sa->sa_child);
	sa->sa_child = *fresh;
	*fresh = (struct ikev2_child){0};
	ikev2_sa_lifetimes(mg, sa, false, true, time(NULL));
	mg->mg_stats.st_rekey_child++;
	log_msg(SEV_INFO, "IKEV2", "REKEY", "SA %u: CHILD_SA rekeyed %s, now %08x/%08x", sa->sa_id, by,
		sa->sa_child.cs_spi_in, sa->sa_child.cs_spi_out);
}

/* Every installed CHILD_SA in (add) or out of the dataplane, with the SA's endpoints as they are. */
static void children_apply(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa, bool add)
{
	if (sa->sa_child_installed && add)
		ikev2_sa_child_install(mg, sa, &sa->sa_child, true);
	for (int i = 0; i < IKEV2_SA_SPARES; i++)
		if (sa->sa_spare[i].cs_spi_in && add)
			ikev2_sa_child_install(mg, sa, &sa->sa_spare[i], false);
		else if (sa->sa_spare[i].cs_spi_in)
			ikev2_sa_child_remove(mg, sa, &sa->sa_spare[i], false);
	if (sa->sa_child_installed && !add)
		ikev2_sa_child_remove(mg, sa, &sa->sa_child, true);
}

static void child_endpoints(struct ikev2_child *c, const struct sockaddr_in *local, const struct sockaddr_in *remote)
{
	c->cs_local = local->sin_addr;
	c->cs_remote = remote->sin_addr;
}

void ikev2_sa_children_move(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa, const struct sockaddr_in *local,
			    const struct sockaddr_in *remote)
{
	struct ikev2_init *in = &sa->sa_init;

	children_apply(mg, sa, false);
	in->in_local.sin_addr = local->sin_addr;
	in->in_local.sin_port = local->sin_port;
	in->in_remote.sin_addr = remote->sin_addr;
	in->in_remote.sin_port = remote->sin_port;
	child_endpoints(&sa->sa_child, local, remote);
	for (int i = 0; i < IKEV2_SA_SPARES; i++)
		if (sa->sa_spare[i].cs_spi_in)
			child_endpoints(&sa->sa_spare[i], local, remote);
	children_apply(mg, sa, true);
	if (sa->sa_child_installed)
		log_msg(SEV_INFO, "IKEV2", "CHILD", "SA %u: CHILD_SAs moved to %s/%u", sa->sa_id,
			inet_ntoa(remote->sin_addr), ntohs(remote->sin_port));
}
