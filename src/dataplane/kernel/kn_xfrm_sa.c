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

#include "dataplane/kernel/kn_mark.h"
#include "dataplane/kernel/kn_msg.h"

#define GCM_ICV_BITS	  128
#define LEGACY_WINDOW_MAX 32   /* the SA's own replay bitmap is 32 bits */
#define REPLAY_WINDOW_MAX 4096 /* the kernel's XFRMA_REPLAY_ESN_MAX, in packets */

/* HMAC-SHA-2 for ESP (RFC 4868): the key as long as the hash, the ICV half of it. */
static const struct sa_auth {
	const char *au_name;
	uint8_t au_keylen; /* bytes */
} sha256 = {"hmac(sha256)", 32}, sha384 = {"hmac(sha384)", 48}, sha512 = {"hmac(sha512)", 64};

static const struct sa_alg {
	const char *sa_cipher;
	uint8_t sa_keylen;	       /* bytes; GCM: key and 4-byte salt */
	const struct sa_auth *sa_auth; /* NULL: AEAD */
} sa_algs[DP_SA_ALG_COUNT] = {
    [DP_SA_AES_GCM_128] = {"rfc4106(gcm(aes))", 20, NULL},  [DP_SA_AES_GCM_192] = {"rfc4106(gcm(aes))", 28, NULL},
    [DP_SA_AES_GCM_256] = {"rfc4106(gcm(aes))", 36, NULL},  [DP_SA_AES_CBC_128_SHA256] = {"cbc(aes)", 16, &sha256},
    [DP_SA_AES_CBC_192_SHA256] = {"cbc(aes)", 24, &sha256}, [DP_SA_AES_CBC_256_SHA256] = {"cbc(aes)", 32, &sha256},
    [DP_SA_AES_CBC_128_SHA384] = {"cbc(aes)", 16, &sha384}, [DP_SA_AES_CBC_192_SHA384] = {"cbc(aes)", 24, &sha384},
    [DP_SA_AES_CBC_256_SHA384] = {"cbc(aes)", 32, &sha384}, [DP_SA_AES_CBC_128_SHA512] = {"cbc(aes)", 16, &sha512},
    [DP_SA_AES_CBC_192_SHA512] = {"cbc(aes)", 24, &sha512}, [DP_SA_AES_CBC_256_SHA512] = {"cbc(aes)", 32, &sha512},
};

static void put_aead(struct nlmsghdr *nlh, const struct sa_alg *a, const struct dp_sa *s)
{
	_Alignas(struct xfrm_algo_aead) char buf[sizeof(struct xfrm_algo_aead) + DP_KEY_MAX] = {0};
	struct xfrm_algo_aead *alg = (struct xfrm_algo_aead *)buf;

	snprintf(alg->alg_name, sizeof(alg->alg_name), "%s", a->sa_cipher);
	alg->alg_key_len = s->dsa_keylen * 8u;
	alg->alg_icv_len = GCM_ICV_BITS;
	memcpy(alg->alg_key, s->dsa_key, s->dsa_keylen);
	mnl_attr_put(nlh, XFRMA_ALG_AEAD, sizeof(*alg) + s->dsa_keylen, alg);
}

static void put_cbc_hmac(struct nlmsghdr *nlh, const struct sa_alg *a, const struct dp_sa *s)
{
	_Alignas(struct xfrm_algo) char cbuf[sizeof(struct xfrm_algo) + DP_KEY_MAX] = {0};
	_Alignas(struct xfrm_algo_auth) char abuf[sizeof(struct xfrm_algo_auth) + DP_AUTH_KEY_MAX] = {0};
	struct xfrm_algo *crypt = (struct xfrm_algo *)cbuf;
	struct xfrm_algo_auth *auth = (struct xfrm_algo_auth *)abuf;

	snprintf(crypt->alg_name, sizeof(crypt->alg_name), "%s", a->sa_cipher);
	crypt->alg_key_len = s->dsa_keylen * 8u;
	memcpy(crypt->alg_key, s->dsa_key, s->dsa_keylen);
	mnl_attr_put(nlh, XFRMA_ALG_CRYPT, sizeof(*crypt) + s->dsa_keylen, crypt);
	snprintf(auth->alg_name, sizeof(auth->alg_name), "%s", a->sa_auth->au_name);
	auth->alg_key_len = a->sa_auth->au_keylen * 8u;
	auth->alg_trunc_len = a->sa_auth->au_keylen * 4u; /* half the hash, in bits */
	memcpy(auth->alg_key, s->dsa_auth_key, a->sa_auth->au_keylen);
	mnl_attr_put(nlh, XFRMA_ALG_AUTH_TRUNC, sizeof(*auth) + a->sa_auth->au_keylen, auth);
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
	const struct sa_alg *a;

	if ((unsigned)s->dsa_alg >= DP_SA_ALG_COUNT)
		return kn_fail(m, EINVAL, "unknown SA algorithm %d", (int)s->dsa_alg);
	a = &sa_algs[s->dsa_alg];
	if (s->dsa_keylen != a->sa_keylen)
		return kn_fail(m, EINVAL, "%s takes a %u-byte key, not %u", a->sa_cipher, a->sa_keylen, s->dsa_keylen);
	if (a->sa_auth && s->dsa_auth_keylen != a->sa_auth->au_keylen)
		return kn_fail(m, EINVAL, "%s takes a %u-byte key, not %u", a->sa_auth->au_name, a->sa_auth->au_keylen,
			       s->dsa_auth_keylen);
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
	struct nlmsghdr *nlh;

	if (!add)
		return sa_delete(m, s);
	if (check_sa(m, s) < 0)
		return -EINVAL;
	if (!(nlh = kn_msg_new(m, XFRM_MSG_NEWSA, 0, KN_STRICT)))
		return -ENOSPC;
	fill_info(mnl_nlmsg_put_extra_header(nlh, sizeof(struct xfrm_usersa_info)), s);
	if (!sa_algs[s->dsa_alg].sa_auth)
		put_aead(nlh, &sa_algs[s->dsa_alg], s);
	else
		put_cbc_hmac(nlh, &sa_algs[s->dsa_alg], s);
	if (s->dsa_replay_window > LEGACY_WINDOW_MAX)
		put_replay_bitmap(nlh, s->dsa_replay_window);
	if (s->dsa_encap_dport)
		put_encap(nlh, s);
	return 0;
}
