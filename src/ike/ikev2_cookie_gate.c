/* The SA manager's cookie challenge (RFC 7296 §2.6): IKE_SA_INIT requests under half-open load. */
#include <arpa/inet.h>

#include "core/log.h"
#include "ike/ike_int.h"
#include "ike/ikev2_cookie.h"
#include "ike/ikev2_sa.h"

/* The responder's secrets, made on the first challenge: one manager per daemon. */
static struct ikev2_cookie_jar gate_jar;
static bool gate_jar_ready;

/* Responder SAs that answered IKE_SA_INIT and wait for IKE_AUTH. */
static unsigned half_open(const struct ikev2_mgr *mg)
{
	unsigned n = 0;

	for (const struct ikev2_ike_sa *sa = mg->mg_sas; sa; sa = sa->sa_next)
		n += sa->sa_state == IKEV2_SA_INIT_DONE;
	return n;
}

static int jar_current(time_t now)
{
	if (!gate_jar_ready && ikev2_cookie_jar_init(&gate_jar, now) < 0)
		return -1;
	gate_jar_ready = true;
	return ikev2_cookie_tick(&gate_jar, now);
}

/* show crypto ikev2 stats: "Cookie Challenged Requests" and how they ended. */
static void count(struct ikev2_stats *st, enum ikev2_cookie_verdict v, const struct ikev2_msg *m)
{
	const struct ikev2_pl *first = m->m_pl;
	bool had_cookie = first && first->pl_type == IKEV2_PL_NOTIFY && first->pl_notify.no_type == IKEV2_N_COOKIE;

	st->st_cookie_challenged++;
	if (v == IKEV2_COOKIE_PASS)
		st->st_cookie_accepted++;
	else if (had_cookie)
		st->st_cookie_rejected++;
	else
		st->st_cookie_missing++;
}

bool ikev2_cookie_gate(struct ikev2_mgr *mg, const struct ikev2_msg *m, const struct sockaddr_in *from,
		       const struct sockaddr_in *to)
{
	const struct ike_cfg *ic = ike_cfg(mg->mg_d->fd_running);
	struct ikev2_blob out = {0};
	enum ikev2_cookie_verdict v;
	bool challenged;

	if (!ic->ic_cookie_on)
		return false;
	if (jar_current(time(NULL)) < 0) {
		mg->mg_stats.st_drops[IKEV2_DROP_RESOURCE]++;
		return true;
	}
	challenged = half_open(mg) >= ic->ic_cookie_threshold;
	v = ikev2_cookie_check(&gate_jar, challenged, m, from->sin_addr, &out);
	if (challenged)
		count(&mg->mg_stats, v, m);
	if (v == IKEV2_COOKIE_CHALLENGE) {
		log_msg(SEV_DEBUG, "IKEV2", "COOKIE", "IKE_SA_INIT from %s: answered with a COOKIE",
			inet_ntoa(from->sin_addr));
		ikev2_udp_send(&mg->mg_udp, to, from, out.bl_data, out.bl_len);
	} else if (v == IKEV2_COOKIE_DROP)
		mg->mg_stats.st_drops[IKEV2_DROP_DECODE]++;
	ikev2_blob_free(&out);
	return v != IKEV2_COOKIE_PASS;
}
