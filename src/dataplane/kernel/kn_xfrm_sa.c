/*
 * ESP SAs as XFRM_MSG_NEWSA / XFRM_MSG_DELSA: AES-GCM (rfc4106, 16-byte
 * ICV, the key followed by a 4-byte salt) or AES-CBC with HMAC-SHA-256, -384
 * or -512 truncated to half the hash (RFC 4868: 128, 192, 256 bits),
 * transport or tunnel mode, optional UDP encapsulation (RFC 3948). Anti-
 * replay windows up to 32 packets fit the SA itself; larger ones need the
 * bitmap attribute (XFRMA_REPLAY_ESN_VAL, used without ESN).
 */
#include <errno.h>
#include <linux/udp.h>
#include <linux/xfrm.h>
#include <stdio.h>
#include <string.h>

#include "dataplane/dp_sa_alg.h"
#include "dataplane/kernel/kn_mark.h"
#include "dataplane/kernel/kn_msg.h"

#define LEGACY_WINDOW_MAX 32   /* the SA's own replay bitmap is 32 bits */
#define REPLAY_WINDOW_MAX 4096 /* the kernel's XFRMA_REPLAY_ESN_MAX, in packets */

/* The kernel's names; the lengths are dp_sa_alg_info's. */
#define XFRM_GCM "rfc4106(gcm(aes))"
#define XFRM_CBC "cbc(aes)"

static void put_aead(struct nlmsghdr *nlh, const struct dp_sa_alg_info *a, const struct dp_sa *s)
{
	_Alignas(struct xfrm_algo_aead) char buf[sizeof(struct xfrm_algo_aead) + DP_KEY_MAX] = {0};
	struct xfrm_algo_aead *alg = (struct xfrm_algo_aead *)buf;

	snprintf(alg->alg_name, sizeof(alg->alg_name), "%s", XFRM_GCM);
	alg->alg_key_len = s->dsa_keylen * 8u;
	alg->alg_icv_len = a->sai_icv_len * 8u;
	memcpy(alg->alg_key, s->dsa_key, s->dsa_keylen);
	mnl_attr_put(nlh, XFRMA_ALG_AEAD, sizeof(*alg) + s->dsa_keylen, alg);
}

static void put_cbc_hmac(struct nlmsghdr *nlh, const struct dp_sa_alg_info *a, const struct dp_sa *s)
{
	_Alignas(struct xfrm_algo) char cbuf[sizeof(struct xfrm_algo) + DP_KEY_MAX] = {0};
	_Alignas(struct xfrm_algo_auth) char abuf[sizeof(struct xfrm_algo_auth) + DP_AUTH_KEY_MAX] = {0};
	struct xfrm_algo *crypt = (struct xfrm_algo *)cbuf;
	struct xfrm_algo_auth *auth = (struct xfrm_algo_auth *)abuf;

	snprintf(crypt->alg_name, sizeof(crypt->alg_name), "%s", XFRM_CBC);
	crypt->alg_key_len = s->dsa_keylen * 8u;
	memcpy(crypt->alg_key, s->dsa_key, s->dsa_keylen);
	mnl_attr_put(nlh, XFRMA_ALG_CRYPT, sizeof(*crypt) + s->dsa_keylen, crypt);
	snprintf(auth->alg_name, sizeof(auth->alg_name), "hmac(sha%u)", a->sai_sha_bits);
	auth->alg_key_len = a->sai_auth_keylen * 8u;
	auth->alg_trunc_len = a->sai_icv_len * 8u;
	memcpy(auth->alg_key, s->dsa_auth_key, a->sai_auth_keylen);
	mnl_attr_put(nlh, XFRMA_ALG_AUTH_TRUNC, sizeof(*auth) + a->sai_auth_keylen, auth);
}

static void put_replay_bitmap(struct nlmsghdr *nlh, uint32_t window)
{
	_Alignas(
	    struct xfrm_replay_state_esn) char buf[sizeof(struct xfrm_replay_state_esn) + REPLAY_WINDOW_MAX / 8] = {0};
	struct xfrm_replay_state_esn *rs = (struct xfrm_replay_state_esn *)buf;

	rs->bmp_len = (window + 31) / 32; /* in 32-bit words */
	rs->replay_window = window;
	mnl_attr_put(nlh, XFRMA_REPLAY_ESN_VAL, sizeof(*rs) + rs->bmp_len * sizeof(uint32_t), rs);
}

static void put_encap(struct nlmsghdr *nlh, const struct dp_sa *s)
{
	struct xfrm_encap_tmpl encap = {
	    .encap_type = UDP_ENCAP_ESPINUDP,
	    .encap_sport = htons(s->dsa_encap_sport),
	    .encap_dport = htons(s->dsa_encap_dport),
	};

	mnl_attr_put(nlh, XFRMA_ENCAP, sizeof(encap), &encap);
}

static int check_sa(struct kn_msgs *m, const struct dp_sa *s)
{
	const struct dp_sa_alg_info *a = dp_sa_alg_info(s->dsa_alg);

	if (!a)
		return kn_fail(m, EINVAL, "unknown SA algorithm %d", (int)s->dsa_alg);
	if (s->dsa_keylen != a->sai_enc_keylen)
		return kn_fail(m, EINVAL, "%s takes a %u-byte key, not %u", a->sai_name, a->sai_enc_keylen,
			       s->dsa_keylen);
	if (a->sai_auth_keylen && s->dsa_auth_keylen != a->sai_auth_keylen)
		return kn_fail(m, EINVAL, "hmac(sha%u) takes a %u-byte key, not %u", a->sai_sha_bits,
			       a->sai_auth_keylen, s->dsa_auth_keylen);
	if (s->dsa_replay_window > REPLAY_WINDOW_MAX)
		return kn_fail(m, EINVAL, "replay window %u is above %d", s->dsa_replay_window, REPLAY_WINDOW_MAX);
	if (!s->dsa_encap_sport != !s->dsa_encap_dport)
		return kn_fail(m, EINVAL, "UDP encapsulation needs both ports");
	if (kn_reqid_mark(s->dsa_reqid) < 0)
		return kn_fail(m, EINVAL, "reqid %u is above %u", s->dsa_reqid, KN_REQID_MAX - KN_REQID_MIN);
	return 0;
}

static void fill_info(struct xfrm_usersa_info *xs, const struct dp_sa *s)
{
	xs->sel.family = AF_INET; /* all-zero selector: any IPv4 traffic the policies send to this SA */
	xs->id.daddr.a4 = s->dsa_dst.s_addr;
	xs->id.spi = htonl(s->dsa_spi);
	xs->id.proto = IPPROTO_ESP;
	xs->saddr.a4 = s->dsa_src.s_addr;
	xs->lft.soft_byte_limit = xs->lft.hard_byte_limit = XFRM_INF;
	xs->lft.soft_packet_limit = xs->lft.hard_packet_limit = XFRM_INF;
	xs->reqid = (uint32_t)kn_reqid_mark(s->dsa_reqid);
	xs->family = AF_INET;
	xs->mode = s->dsa_mode == DP_SA_TUNNEL ? XFRM_MODE_TUNNEL : XFRM_MODE_TRANSPORT;
	if (s->dsa_replay_window <= LEGACY_WINDOW_MAX)
		xs->replay_window = (uint8_t)s->dsa_replay_window;
}

static int sa_delete(struct kn_msgs *m, const struct dp_sa *s)
{
	struct nlmsghdr *nlh = kn_msg_new(m, XFRM_MSG_DELSA, 0, KN_GONE_OK);
	struct xfrm_usersa_id *id;

	if (!nlh)
		return -ENOSPC;
	id = mnl_nlmsg_put_extra_header(nlh, sizeof(*id));
	id->daddr.a4 = s->dsa_dst.s_addr;
	id->spi = htonl(s->dsa_spi);
	id->family = AF_INET;
	id->proto = IPPROTO_ESP;
	return 0;
}

int kn_build_sa(struct kn_msgs *m, const struct dp_sa *s, bool add)
{
	const struct dp_sa_alg_info *alg;
	struct nlmsghdr *nlh;

	if (!add)
		return sa_delete(m, s);
	if (check_sa(m, s) < 0)
		return -EINVAL;
	if (!(nlh = kn_msg_new(m, XFRM_MSG_NEWSA, 0, KN_STRICT)))
		return -ENOSPC;
	fill_info(mnl_nlmsg_put_extra_header(nlh, sizeof(struct xfrm_usersa_info)), s);
	alg = dp_sa_alg_info(s->dsa_alg); /* check_sa found it */
	if (alg->sai_auth_keylen)
		put_cbc_hmac(nlh, alg, s);
	else
		put_aead(nlh, alg, s);
	if (s->dsa_replay_window > LEGACY_WINDOW_MAX)
		put_replay_bitmap(nlh, s->dsa_replay_window);
	if (s->dsa_encap_dport)
		put_encap(nlh, s);
	return 0;
}
