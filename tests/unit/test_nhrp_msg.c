/*
 * The NHRP codec (src/nhrp/nhrp_msg.h): each packet type against bytes
 * built independently from RFC 2332's layouts (checksums included), round
 * trips, every truncation refused, unknown extensions, Ferry's label
 * extension, and tshark's dissection of what the encoder writes.
 */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dataplane/userspace/csum.h"
#include "nhrp/nhrp_msg.h"
#include "pcap_tshark.h"

#define BUF_MAX	 2048
#define EXT(t)	 (1u << (t))
#define CIE_EXTS (EXT(NHRP_EXT_RESPONDER) | EXT(NHRP_EXT_FWD_TRANSIT) | EXT(NHRP_EXT_REV_TRANSIT))

/* Built by hand from RFC 2332 5.1-5.3 (and doc/nhrp-mpls-label.md), one per packet type. */
static const uint8_t v_res_request[] = {
    0x00, 0x01, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0x00, 0x58, 0xa0, 0xe0, 0x00, 0x34, 0x01, 0x01,
    0x04, 0x00, 0x04, 0x04, 0x80, 0x02, 0x00, 0x00, 0x00, 0x01, 0xc0, 0x00, 0x02, 0x01, 0x0a, 0x01, 0x01, 0x02,
    0x0a, 0x01, 0x01, 0x03, 0x00, 0x20, 0x00, 0x00, 0x05, 0xea, 0x1c, 0x20, 0x00, 0x00, 0x00, 0x00, 0x80, 0x03,
    0x00, 0x00, 0x80, 0x04, 0x00, 0x00, 0x80, 0x05, 0x00, 0x00, 0x00, 0x08, 0x00, 0x10, 0x02, 0x46, 0x52, 0x01,
    0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0xfd, 0xe8, 0x00, 0x00, 0x00, 0x01, 0x80, 0x00, 0x00, 0x00,
};
static const uint8_t v_res_reply[] = {
    0x00, 0x01, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0x00, 0x78, 0xa4, 0xe8, 0x00, 0x3c, 0x01, 0x02,
    0x04, 0x00, 0x04, 0x04, 0xe0, 0x02, 0x00, 0x00, 0x00, 0x01, 0xc0, 0x00, 0x02, 0x01, 0x0a, 0x01, 0x01, 0x02,
    0x0a, 0x01, 0x01, 0x03, 0x00, 0x18, 0x00, 0x00, 0x05, 0x78, 0x1c, 0x20, 0x04, 0x00, 0x04, 0x00, 0xc6, 0x33,
    0x64, 0x03, 0x0a, 0x01, 0x01, 0x03, 0x80, 0x03, 0x00, 0x14, 0x00, 0x20, 0x00, 0x00, 0x05, 0x78, 0x1c, 0x20,
    0x04, 0x00, 0x04, 0x00, 0xc6, 0x33, 0x64, 0x03, 0x0a, 0x01, 0x01, 0x03, 0x80, 0x04, 0x00, 0x00, 0x80, 0x05,
    0x00, 0x00, 0x00, 0x08, 0x00, 0x14, 0x02, 0x46, 0x52, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0xfd, 0xe8,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x80, 0x00, 0x80, 0x00, 0x00, 0x00,
};
static const uint8_t v_reg_request[] = {
    0x00, 0x01, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0x00, 0x58, 0x84, 0xae, 0x00, 0x34, 0x01, 0x03,
    0x04, 0x00, 0x04, 0x04, 0x80, 0x02, 0x00, 0x00, 0x00, 0x02, 0xc0, 0x00, 0x02, 0x01, 0x0a, 0x01, 0x01, 0x02,
    0x0a, 0x01, 0x01, 0x01, 0x00, 0xff, 0x00, 0x00, 0x05, 0xea, 0x1c, 0x20, 0x00, 0x00, 0x00, 0x00, 0x80, 0x03,
    0x00, 0x00, 0x80, 0x04, 0x00, 0x00, 0x80, 0x05, 0x00, 0x00, 0x80, 0x07, 0x00, 0x0c, 0x00, 0x00, 0x00, 0x01,
    0x73, 0x65, 0x63, 0x72, 0x65, 0x74, 0x31, 0x32, 0x00, 0x09, 0x00, 0x00, 0x80, 0x00, 0x00, 0x00,
};
static const uint8_t v_reg_reply[] = {
    0x00, 0x01, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0x00, 0x58, 0x01, 0x07, 0x00, 0x34, 0x01, 0x04,
    0x04, 0x00, 0x04, 0x04, 0x80, 0x02, 0x00, 0x00, 0x00, 0x02, 0xc0, 0x00, 0x02, 0x01, 0x0a, 0x01, 0x01, 0x02,
    0x0a, 0x01, 0x01, 0x01, 0x00, 0xff, 0x00, 0x00, 0x05, 0xea, 0x1c, 0x20, 0x00, 0x00, 0x00, 0x00, 0x80, 0x03,
    0x00, 0x14, 0x00, 0x20, 0x00, 0x00, 0x05, 0xea, 0x1c, 0x20, 0x04, 0x00, 0x04, 0x00, 0xcb, 0x00, 0x71, 0x01,
    0x0a, 0x01, 0x01, 0x01, 0x80, 0x04, 0x00, 0x00, 0x80, 0x05, 0x00, 0x00, 0x80, 0x00, 0x00, 0x00,
};
static const uint8_t v_purge_request[] = {
    0x00, 0x01, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0x00, 0x3c, 0x86, 0x54, 0x00,
    0x38, 0x01, 0x05, 0x04, 0x00, 0x04, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xc0, 0x00,
    0x02, 0x01, 0x0a, 0x01, 0x01, 0x01, 0x0a, 0x01, 0x01, 0x02, 0x00, 0x20, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x0a, 0x01, 0x01, 0x03, 0x80, 0x00, 0x00, 0x00,
};
static const uint8_t v_purge_reply[] = {
    0x00, 0x01, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0x00, 0x38, 0x06, 0x90, 0x00, 0x00, 0x01, 0x06, 0x04,
    0x00, 0x04, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xc0, 0x00, 0x02, 0x01, 0x0a, 0x01, 0x01, 0x01, 0x0a, 0x01,
    0x01, 0x02, 0x00, 0x20, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x0a, 0x01, 0x01, 0x03,
};
static const uint8_t v_error_ind[] = {
    0x00, 0x01, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0x00, 0x60, 0x9b, 0x5c, 0x00, 0x00,
    0x01, 0x07, 0x04, 0x00, 0x04, 0x04, 0x00, 0x00, 0x00, 0x01, 0x00, 0x30, 0xcb, 0x00, 0x71, 0x01,
    0x0a, 0x01, 0x01, 0x01, 0x0a, 0x01, 0x01, 0x02, 0x00, 0x01, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0xff, 0x00, 0x38, 0x06, 0x90, 0x00, 0x00, 0x01, 0x06, 0x04, 0x00, 0x04, 0x04, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x03, 0xc0, 0x00, 0x02, 0x01, 0x0a, 0x01, 0x01, 0x01, 0x0a, 0x01, 0x01, 0x02,
    0x00, 0x20, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x0a, 0x01, 0x01, 0x03,
};
static const uint8_t v_traffic_ind[] = {
    0x00, 0x01, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0x00, 0x60, 0xb8, 0xf8, 0x00, 0x44,
    0x01, 0x08, 0x04, 0x00, 0x04, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xcb, 0x00, 0x71, 0x01,
    0x0a, 0x01, 0x01, 0x01, 0x0a, 0x01, 0x01, 0x02, 0x45, 0x00, 0x00, 0x1c, 0x00, 0x01, 0x00, 0x00,
    0x40, 0x01, 0x61, 0xdf, 0x0a, 0x00, 0x02, 0x01, 0x0a, 0x00, 0x03, 0x01, 0x08, 0x00, 0xe5, 0xca,
    0x12, 0x34, 0x00, 0x01, 0x00, 0x08, 0x00, 0x14, 0x02, 0x46, 0x52, 0x01, 0x00, 0x01, 0x00, 0x00,
    0x00, 0x00, 0xfd, 0xe8, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x10, 0x00, 0x80, 0x00, 0x00, 0x00,
};

static const uint8_t rd_65000_1[NHRP_RD_LEN] = {0, 0, 0xfd, 0xe8, 0, 0, 0, 1};
static const uint8_t auth_secret[] = {0, 0, 0, 1, 's', 'e', 'c', 'r', 'e', 't', '1', '2'};

static struct in_addr addr(const char *s)
{
	struct in_addr a;

	assert_int_equal(inet_pton(AF_INET, s, &a), 1);
	return a;
}

static void header(struct nhrp_msg *m, uint8_t type, uint32_t reqid, const char *nbma, const char *src, const char *dst)
{
	memset(m, 0, sizeof(*m));
	m->nm_type = type;
	m->nm_hopcnt = 255;
	m->nm_reqid = reqid;
	m->nm_src_nbma = addr(nbma);
	m->nm_src_proto = addr(src);
	m->nm_dst_proto = addr(dst);
}

static void cie_add(struct nhrp_cie_list *l, uint8_t plen, uint16_t mtu, uint16_t hold, const char *nbma,
		    const char *proto)
{
	struct nhrp_cie *c = &l->cl_cie[l->cl_n++];

	memset(c, 0, sizeof(*c));
	c->ci_prefix_len = plen;
	c->ci_mtu = mtu;
	c->ci_holdtime = hold;
	c->ci_has_nbma = nbma != NULL;
	c->ci_nbma = nbma ? addr(nbma) : (struct in_addr){0};
	c->ci_has_proto = proto != NULL;
	c->ci_proto = proto ? addr(proto) : (struct in_addr){0};
}

/* The extensions every request and reply here carries: responder, forward and reverse transit, END; all compulsory. */
static void cie_exts(struct nhrp_msg *m)
{
	m->nm_ext.ex_present |= CIE_EXTS | EXT(NHRP_EXT_END);
	m->nm_ext.ex_compulsory |= CIE_EXTS | EXT(NHRP_EXT_END);
}

static void label_ext(struct nhrp_msg *m, bool request, uint8_t n, const uint32_t *labels)
{
	struct nhrp_label_ext *le = &m->nm_ext.ex_label;

	m->nm_ext.ex_present |= EXT(NHRP_EXT_VENDOR) | EXT(NHRP_EXT_END);
	m->nm_ext.ex_compulsory |= EXT(NHRP_EXT_END);
	le->le_request = request;
	memcpy(le->le_rd, rd_65000_1, NHRP_RD_LEN);
	le->le_nlabels = n;
	for (size_t i = 0; i < n; i++)
		le->le_label[i] = labels[i];
}

static void res_request(struct nhrp_msg *m)
{
	header(m, NHRP_RES_REQUEST, 1, "192.0.2.1", "10.1.1.2", "10.1.1.3");
	m->nm_flags = NHRP_FLAG_Q | NHRP_FLAG_NAT;
	cie_add(&m->nm_cies, 32, 1514, 7200, NULL, NULL);
	cie_exts(m);
	label_ext(m, true, 0, NULL);
}

static void res_reply(struct nhrp_msg *m)
{
	static const uint32_t label24[] = {24};

	header(m, NHRP_RES_REPLY, 1, "192.0.2.1", "10.1.1.2", "10.1.1.3");
	m->nm_flags = NHRP_FLAG_Q | NHRP_FLAG_A | NHRP_FLAG_D | NHRP_FLAG_NAT;
	cie_add(&m->nm_cies, 24, 1400, 7200, "198.51.100.3", "10.1.1.3");
	cie_exts(m);
	cie_add(&m->nm_ext.ex_responder, 32, 1400, 7200, "198.51.100.3", "10.1.1.3");
	label_ext(m, false, 1, label24);
}

static void reg_request(struct nhrp_msg *m)
{
	header(m, NHRP_REG_REQUEST, 2, "192.0.2.1", "10.1.1.2", "10.1.1.1");
	m->nm_flags = NHRP_FLAG_U_REG | NHRP_FLAG_NAT;
	cie_add(&m->nm_cies, NHRP_PREFIX_UNIQUE, 1514, 7200, NULL, NULL);
	cie_exts(m);
	m->nm_ext.ex_present |= EXT(NHRP_EXT_AUTH) | EXT(NHRP_EXT_NAT);
	m->nm_ext.ex_compulsory |= EXT(NHRP_EXT_AUTH);
	m->nm_ext.ex_auth = auth_secret;
	m->nm_ext.ex_auth_len = sizeof(auth_secret);
}

static void reg_reply(struct nhrp_msg *m)
{
	header(m, NHRP_REG_REPLY, 2, "192.0.2.1", "10.1.1.2", "10.1.1.1");
	m->nm_flags = NHRP_FLAG_U_REG | NHRP_FLAG_NAT;
	cie_add(&m->nm_cies, NHRP_PREFIX_UNIQUE, 1514, 7200, NULL, NULL);
	cie_exts(m);
	cie_add(&m->nm_ext.ex_responder, 32, 1514, 7200, "203.0.113.1", "10.1.1.1");
}

static void purge(struct nhrp_msg *m, uint8_t type)
{
	header(m, type, 3, "192.0.2.1", "10.1.1.1", "10.1.1.2");
	cie_add(&m->nm_cies, 32, 0, 0, NULL, "10.1.1.3");
}

static void purge_request(struct nhrp_msg *m)
{
	purge(m, NHRP_PURGE_REQUEST);
	m->nm_ext.ex_present = m->nm_ext.ex_compulsory = EXT(NHRP_EXT_END);
}

static void purge_reply(struct nhrp_msg *m)
{
	purge(m, NHRP_PURGE_REPLY);
}

static void error_ind(struct nhrp_msg *m)
{
	header(m, NHRP_ERROR_IND, 0, "203.0.113.1", "10.1.1.1", "10.1.1.2");
	m->nm_code = NHRP_ERR_UNRECOGNIZED_EXT;
	m->nm_err_offset = 0x30;
	m->nm_data = v_purge_reply;
	m->nm_data_len = sizeof(v_purge_reply);
}

static void traffic_ind(struct nhrp_msg *m)
{
	static const uint32_t label17[] = {17};
	static const uint8_t echo[] = {0x45, 0x00, 0x00, 0x1c, 0x00, 0x01, 0x00, 0x00, 0x40, 0x01,
				       0x61, 0xdf, 0x0a, 0x00, 0x02, 0x01, 0x0a, 0x00, 0x03, 0x01,
				       0x08, 0x00, 0xe5, 0xca, 0x12, 0x34, 0x00, 0x01};

	header(m, NHRP_TRAFFIC_IND, 0, "203.0.113.1", "10.1.1.1", "10.1.1.2");
	m->nm_code = NHRP_TRAFFIC_REDIRECT;
	m->nm_data = echo;
	m->nm_data_len = sizeof(echo);
	label_ext(m, false, 1, label17);
}

struct sample {
	const char *sa_name;
	void (*sa_build)(struct nhrp_msg *m);
	const uint8_t *sa_bytes;
	size_t sa_len;
};

#define SAMPLE(n)                                                                                                      \
	{                                                                                                              \
#n, n, v_##n, sizeof(v_##n)                                                                            \
	}
static const struct sample samples[] = {
    SAMPLE(res_request),   SAMPLE(res_reply),	SAMPLE(reg_request), SAMPLE(reg_reply),
    SAMPLE(purge_request), SAMPLE(purge_reply), SAMPLE(error_ind),   SAMPLE(traffic_ind),
};
#define NSAMPLES (sizeof(samples) / sizeof(samples[0]))

static void cie_equal(const struct nhrp_cie *a, const struct nhrp_cie *b)
{
	assert_int_equal(a->ci_code, b->ci_code);
	assert_int_equal(a->ci_prefix_len, b->ci_prefix_len);
	assert_int_equal(a->ci_mtu, b->ci_mtu);
	assert_int_equal(a->ci_holdtime, b->ci_holdtime);
	assert_int_equal(a->ci_preference, b->ci_preference);
	assert_int_equal(a->ci_has_nbma, b->ci_has_nbma);
	assert_int_equal(a->ci_has_proto, b->ci_has_proto);
	assert_int_equal(a->ci_nbma.s_addr, b->ci_nbma.s_addr);
	assert_int_equal(a->ci_proto.s_addr, b->ci_proto.s_addr);
}

static void list_equal(const struct nhrp_cie_list *a, const struct nhrp_cie_list *b)
{
	assert_int_equal(a->cl_n, b->cl_n);
	for (size_t i = 0; i < a->cl_n; i++)
		cie_equal(&a->cl_cie[i], &b->cl_cie[i]);
}

static void bytes_equal(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen)
{
	assert_int_equal(alen, blen);
	if (alen)
		assert_memory_equal(a, b, alen);
}

static void ext_equal(const struct nhrp_ext *a, const struct nhrp_ext *b)
{
	assert_int_equal(a->ex_present, b->ex_present);
	assert_int_equal(a->ex_compulsory, b->ex_compulsory);
	list_equal(&a->ex_responder, &b->ex_responder);
	list_equal(&a->ex_fwd_transit, &b->ex_fwd_transit);
	list_equal(&a->ex_rev_transit, &b->ex_rev_transit);
	list_equal(&a->ex_nat, &b->ex_nat);
	bytes_equal(a->ex_auth, a->ex_auth_len, b->ex_auth, b->ex_auth_len);
	assert_int_equal(a->ex_label.le_request, b->ex_label.le_request);
	assert_memory_equal(a->ex_label.le_rd, b->ex_label.le_rd, NHRP_RD_LEN);
	assert_int_equal(a->ex_label.le_nlabels, b->ex_label.le_nlabels);
	for (size_t i = 0; i < a->ex_label.le_nlabels; i++)
		assert_int_equal(a->ex_label.le_label[i], b->ex_label.le_label[i]);
}

static void msg_equal(const struct nhrp_msg *a, const struct nhrp_msg *b)
{
	assert_int_equal(a->nm_type, b->nm_type);
	assert_int_equal(a->nm_hopcnt, b->nm_hopcnt);
	assert_int_equal(a->nm_flags, b->nm_flags);
	assert_int_equal(a->nm_reqid, b->nm_reqid);
	assert_int_equal(a->nm_code, b->nm_code);
	assert_int_equal(a->nm_err_offset, b->nm_err_offset);
	assert_int_equal(a->nm_src_nbma.s_addr, b->nm_src_nbma.s_addr);
	assert_int_equal(a->nm_src_proto.s_addr, b->nm_src_proto.s_addr);
	assert_int_equal(a->nm_dst_proto.s_addr, b->nm_dst_proto.s_addr);
	list_equal(&a->nm_cies, &b->nm_cies);
	bytes_equal(a->nm_data, a->nm_data_len, b->nm_data, b->nm_data_len);
	ext_equal(&a->nm_ext, &b->nm_ext);
}

static size_t encode_ok(const struct nhrp_msg *m, uint8_t *buf)
{
	struct nhrp_err err = {0};
	ssize_t len = nhrp_msg_encode(m, buf, BUF_MAX, &err);

	if (len < 0)
		fail_msg("encode: %s", err.ne_what);
	return (size_t)len;
}

static void decode_ok(const uint8_t *buf, size_t len, struct nhrp_msg *m)
{
	struct nhrp_err err = {0};

	if (nhrp_msg_decode(buf, len, m, &err) < 0)
		fail_msg("decode: %s at %u", err.ne_what, err.ne_offset);
}

/* Decoding must fail with this code and offset. */
static void refused(const uint8_t *buf, size_t len, uint16_t code, uint16_t offset)
{
	struct nhrp_msg m;
	struct nhrp_err err = {0};

	assert_int_equal(nhrp_msg_decode(buf, len, &m, &err), -1);
	assert_non_null(err.ne_what);
	assert_int_equal(err.ne_code, code);
	assert_int_equal(err.ne_offset, offset);
}

/* ar$pktsz and ar$chksum made right again after an edit. */
static void refresh(uint8_t *buf, size_t len)
{
	buf[10] = (uint8_t)(len >> 8);
	buf[11] = (uint8_t)len;
	buf[12] = buf[13] = 0;
	uint16_t sum = inet_csum(buf, len);
	buf[12] = (uint8_t)(sum >> 8);
	buf[13] = (uint8_t)sum;
}

/* The encoder writes exactly the hand-built bytes, checksum included, for every packet type. */
static void test_encode_vectors(void **state)
{
	uint8_t buf[BUF_MAX];
	struct nhrp_msg m;

	(void)state;
	for (size_t i = 0; i < NSAMPLES; i++) {
		samples[i].sa_build(&m);
		size_t len = encode_ok(&m, buf);
		bytes_equal(buf, len, samples[i].sa_bytes, samples[i].sa_len);
	}
}

/* The hand-built bytes decode to what they were built from: decode(encode(x)) == x. */
static void test_decode_vectors(void **state)
{
	struct nhrp_msg want, got;

	(void)state;
	for (size_t i = 0; i < NSAMPLES; i++) {
		samples[i].sa_build(&want);
		decode_ok(samples[i].sa_bytes, samples[i].sa_len, &got);
		msg_equal(&got, &want);
		assert_int_equal(got.nm_ext.ex_skipped, 0);
	}
}

/* Several CIEs with a label each, every CIE field set, through encode and decode. */
static void test_round_trip_labels(void **state)
{
	static const uint32_t labels[] = {16, 0xfffff, 100000};
	uint8_t buf[BUF_MAX];
	struct nhrp_msg m, back;

	(void)state;
	res_reply(&m);
	cie_add(&m.nm_cies, 0, 9000, 1, "198.51.100.4", "10.9.0.0");
	cie_add(&m.nm_cies, 16, 65535, 65535, NULL, "10.8.0.0");
	m.nm_cies.cl_cie[2].ci_code = 4;
	m.nm_cies.cl_cie[2].ci_preference = 255;
	m.nm_hopcnt = 1;
	m.nm_reqid = 0xdeadbeef;
	label_ext(&m, true, 3, labels);
	cie_add(&m.nm_ext.ex_fwd_transit, 32, 1400, 600, "203.0.113.1", "10.1.1.1");
	cie_add(&m.nm_ext.ex_rev_transit, 32, 1400, 600, "203.0.113.2", "10.1.1.4");
	m.nm_ext.ex_present |= EXT(NHRP_EXT_NAT);
	cie_add(&m.nm_ext.ex_nat, 32, 0, 0, "198.18.0.7", "10.1.1.2");
	decode_ok(buf, encode_ok(&m, buf), &back);
	msg_equal(&back, &m);
}

/* Cut short, a packet is refused for its length; with ar$pktsz and ar$chksum fixed up, by the part it breaks. */
static void test_truncations(void **state)
{
	uint8_t buf[BUF_MAX];
	struct nhrp_msg m;
	struct nhrp_err err;

	(void)state;
	for (size_t i = 0; i < NSAMPLES; i++) {
		for (size_t n = 0; n < samples[i].sa_len; n++) {
			refused(samples[i].sa_bytes, n, NHRP_ERR_NONE, n < 20 ? 0 : 10);
			/* without extensions, fewer CIEs (or less of the indicated packet) may be whole */
			if ((samples[i].sa_bytes[14] | samples[i].sa_bytes[15]) == 0 || n < NHRP_FIXED_LEN)
				continue;
			memcpy(buf, samples[i].sa_bytes, n);
			refresh(buf, n);
			assert_int_equal(nhrp_msg_decode(buf, n, &m, &err), -1);
			assert_int_not_equal(err.ne_code, NHRP_ERR_NONE);
		}
	}
}

static void test_checksum(void **state)
{
	uint8_t buf[BUF_MAX];

	(void)state;
	memcpy(buf, v_reg_request, sizeof(v_reg_request));
	buf[sizeof(v_reg_request) - 5] ^= 0x40; /* a bit of the NAT extension's length */
	refused(buf, sizeof(v_reg_request), NHRP_ERR_NONE, 12);
	buf[sizeof(v_reg_request) - 5] ^= 0x40;
	buf[12] ^= 1;
	refused(buf, sizeof(v_reg_request), NHRP_ERR_NONE, 12);
}

/* base (ending with END) with one extension put before its END; the new length. */
static size_t ext_into(uint8_t *buf, const uint8_t *base, size_t base_len, uint16_t type_c, const uint8_t *val,
		       uint16_t len)
{
	size_t end = base_len - NHRP_EXT_HDRLEN;
	uint8_t hdr[NHRP_EXT_HDRLEN] = {(uint8_t)(type_c >> 8), (uint8_t)type_c, (uint8_t)(len >> 8), (uint8_t)len};
	uint8_t end_ext[NHRP_EXT_HDRLEN];

	memcpy(end_ext, base + end, sizeof(end_ext)); /* base may be buf */
	memmove(buf, base, end);
	memcpy(buf + end, hdr, sizeof(hdr));
	memcpy(buf + end + NHRP_EXT_HDRLEN, val, len);
	memcpy(buf + end + NHRP_EXT_HDRLEN + len, end_ext, sizeof(end_ext));
	refresh(buf, base_len + NHRP_EXT_HDRLEN + len);
	return base_len + NHRP_EXT_HDRLEN + len;
}

/* v_purge_request (which carries only END) with one extension put before END. */
static size_t with_ext(uint8_t *buf, uint16_t type_c, const uint8_t *val, uint16_t len)
{
	return ext_into(buf, v_purge_request, sizeof(v_purge_request), type_c, val, len);
}

static void test_unknown_extensions(void **state)
{
	static const uint8_t val[] = {1, 2, 3};
	uint8_t buf[BUF_MAX];
	struct nhrp_msg m;
	size_t len, at = sizeof(v_purge_request) - NHRP_EXT_HDRLEN;

	(void)state;
	len = with_ext(buf, NHRP_EXT_COMPULSORY | 0x21, val, sizeof(val));
	refused(buf, len, NHRP_ERR_UNRECOGNIZED_EXT, (uint16_t)at);
	len = with_ext(buf, 0x21, val, sizeof(val));
	decode_ok(buf, len, &m);
	assert_int_equal(m.nm_ext.ex_skipped, 1);
	assert_int_equal(m.nm_ext.ex_present, EXT(NHRP_EXT_END));
	/* another vendor's private extension, and a later version of Ferry's, are passed over */
	static const uint8_t other[] = {0x00, 0x00, 0x0c, 0x01, 0xaa};
	static const uint8_t v2[] = {0x02, 0x46, 0x52, 0x02, 0x00, 0x00, 0x00, 0x00};
	decode_ok(buf, with_ext(buf, NHRP_EXT_VENDOR, other, sizeof(other)), &m);
	assert_int_equal(m.nm_ext.ex_skipped, 1);
	decode_ok(buf, with_ext(buf, NHRP_EXT_VENDOR, v2, sizeof(v2)), &m);
	assert_int_equal(m.nm_ext.ex_skipped, 1);
	assert_int_equal(m.nm_ext.ex_present, EXT(NHRP_EXT_END));
	/* another vendor's holding its id alone (RFC 2332 5.3.7: the id, then any data) */
	static const uint8_t id_only[] = {0x00, 0x00, 0x0c};
	decode_ok(buf, with_ext(buf, NHRP_EXT_VENDOR, id_only, sizeof(id_only)), &m);
	assert_int_equal(m.nm_ext.ex_skipped, 1);
	/* Ferry's id without a version is ours and malformed */
	static const uint8_t ferry_id_only[] = {0x02, 0x46, 0x52};
	refused(buf, with_ext(buf, NHRP_EXT_VENDOR, ferry_id_only, sizeof(ferry_id_only)), NHRP_ERR_INVALID_EXT,
		(uint16_t)(at + NHRP_EXT_HDRLEN + 3)); /* where its version would be */
	/* a responder address with two CIEs */
	uint8_t two[2 * NHRP_CIE_LEN] = {0};
	refused(buf, with_ext(buf, NHRP_EXT_RESPONDER, two, sizeof(two)), NHRP_ERR_INVALID_EXT, (uint16_t)(at + 4));
}

/* Ferry's label extension: malformed or not fitting the packet is refused as an invalid extension. */
static void test_label_ext_errors(void **state)
{
	/* one label for purge_request's one CIE, then the count disagreeing with the length */
	uint8_t val[NHRP_LABEL_EXT_FIXED + 4] = {0x02, 0x46, 0x52, 0x01, 0x00, 0x01, 0,	   0,	 0,    0,
						 0,    0,    0,	   0,	 0,    7,    0x01, 0x00, 0x00, 0x00};
	uint8_t buf[BUF_MAX];
	struct nhrp_msg m;
	size_t at = sizeof(v_purge_request) - NHRP_EXT_HDRLEN + NHRP_EXT_HDRLEN;

	(void)state;
	decode_ok(buf, with_ext(buf, NHRP_EXT_VENDOR, val, sizeof(val)), &m);
	assert_int_equal(m.nm_ext.ex_label.le_nlabels, 1);
	assert_int_equal(m.nm_ext.ex_label.le_label[0], 0x1000);
	assert_int_equal(m.nm_ext.ex_label.le_rd[7], 7);
	/* another vendor's after Ferry's is passed over; Ferry's twice is refused */
	static const uint8_t other[] = {0x00, 0x00, 0x0c, 0x01};
	size_t len =
	    ext_into(buf, buf, with_ext(buf, NHRP_EXT_VENDOR, val, sizeof(val)), NHRP_EXT_VENDOR, other, sizeof(other));
	decode_ok(buf, len, &m);
	assert_int_equal(m.nm_ext.ex_skipped, 1);
	assert_int_equal(m.nm_ext.ex_label.le_label[0], 0x1000);
	len = with_ext(buf, NHRP_EXT_VENDOR, val, sizeof(val));
	refused(buf, ext_into(buf, buf, len, NHRP_EXT_VENDOR, val, sizeof(val)), NHRP_ERR_INVALID_EXT,
		(uint16_t)(len - NHRP_EXT_HDRLEN));
	val[5] = 2;
	refused(buf, with_ext(buf, NHRP_EXT_VENDOR, val, sizeof(val)), NHRP_ERR_INVALID_EXT,
		(uint16_t)(at + NHRP_LABEL_EXT_FIXED));
	val[5] = 0; /* count 0 with a label's bytes left */
	refused(buf, with_ext(buf, NHRP_EXT_VENDOR, val, sizeof(val)), NHRP_ERR_INVALID_EXT,
		(uint16_t)(at + NHRP_LABEL_EXT_FIXED));
	refused(buf, with_ext(buf, NHRP_EXT_VENDOR, val, 10), NHRP_ERR_INVALID_EXT, (uint16_t)(at + 4));
	refused(buf, with_ext(buf, NHRP_EXT_VENDOR, val, 2), NHRP_ERR_INVALID_EXT, (uint16_t)at);
}

static void test_label_ext_encode_refusals(void **state)
{
	static const uint32_t two[] = {16, 17}, big[] = {0x100000};
	uint8_t buf[BUF_MAX];
	struct nhrp_msg m;
	struct nhrp_err err;

	(void)state;
	res_reply(&m);
	label_ext(&m, false, 2, two); /* one CIE, two labels */
	assert_int_equal(nhrp_msg_encode(&m, buf, sizeof(buf), &err), -1);
	label_ext(&m, false, 1, big);
	assert_int_equal(nhrp_msg_encode(&m, buf, sizeof(buf), &err), -1);
	traffic_ind(&m);
	label_ext(&m, false, 0, NULL); /* a traffic indication carries the label the hub saw */
	assert_int_equal(nhrp_msg_encode(&m, buf, sizeof(buf), &err), -1);
	error_ind(&m);
	m.nm_ext.ex_present = EXT(NHRP_EXT_END); /* RFC 2332 5.2.7: no extensions */
	assert_int_equal(nhrp_msg_encode(&m, buf, sizeof(buf), &err), -1);
	res_reply(&m);
	assert_int_equal(nhrp_msg_encode(&m, buf, 40, &err), -1);
	assert_string_equal(err.ne_what, "output buffer too small");
}

/* Header and mandatory part fields Ferry does not take: refused with the offset of the field. */
static void test_refused_fields(void **state)
{
	static const struct {
		size_t rf_at;
		uint8_t rf_value;
		uint16_t rf_offset;
	} cases[] = {
	    {1, 2, 0},	    /* ar$afn 2 (IPv6) */
	    {3, 0xdd, 2},   /* ar$pro.type 0x86dd */
	    {8, 1, 2},	    /* ar$pro.snap not zero */
	    {16, 2, 16},    /* version 2 */
	    {17, 9, 17},    /* unknown type */
	    {17, 0, 17},    /* type 0 */
	    {18, 16, 18},   /* a 16-byte NBMA address */
	    {19, 4, 19},    /* a subaddress */
	    {20, 16, 20},   /* a 16-byte source protocol address */
	    {15, 21, 14},   /* ar$extoff inside the mandatory part */
	    {48, 0x44, 48}, /* CIE client NBMA address: E.164 type */
	    {50, 16, 50},   /* CIE client protocol address 16 bytes */
	    {49, 4, 49},    /* CIE NBMA subaddress */
	    {41, 33, 41},   /* CIE prefix length 33 */
	};
	uint8_t buf[BUF_MAX];
	size_t len = sizeof(v_res_request);

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memcpy(buf, v_res_request, len);
		buf[cases[i].rf_at] = cases[i].rf_value;
		refresh(buf, len);
		refused(buf, len, NHRP_ERR_PROTOCOL, cases[i].rf_offset);
	}
	/* bytes after End of Extensions, and an End of Extensions with a value */
	size_t end_at = sizeof(v_purge_request) - NHRP_EXT_HDRLEN;
	memcpy(buf, v_purge_request, sizeof(v_purge_request));
	memset(buf + sizeof(v_purge_request), 0, 4);
	refresh(buf, sizeof(v_purge_request) + 4);
	refused(buf, sizeof(v_purge_request) + 4, NHRP_ERR_PROTOCOL, (uint16_t)end_at);
	buf[end_at + 3] = 4;
	refresh(buf, sizeof(v_purge_request) + 4);
	refused(buf, sizeof(v_purge_request) + 4, NHRP_ERR_PROTOCOL, (uint16_t)end_at);
	/* a repeated extension */
	memcpy(buf, v_res_request, len);
	buf[57] = 0x03; /* forward transit becomes a second responder address */
	refresh(buf, len);
	refused(buf, len, NHRP_ERR_INVALID_EXT, 56);
}

/* Every sample as GRE (protocol 0x2001) in IPv4, one packet each, in the capture f. */
static void write_samples(FILE *f)
{
	static const uint8_t gre[] = {0x00, 0x00, 0x20, 0x01};
	static const struct pcap_ip4 ip = {.ip_src = "192.0.2.1", .ip_dst = "203.0.113.1", .ip_proto = IPPROTO_GRE};
	uint8_t buf[BUF_MAX];
	struct nhrp_msg m;

	for (size_t i = 0; i < NSAMPLES; i++) {
		samples[i].sa_build(&m);
		memcpy(buf, gre, sizeof(gre));
		size_t len = sizeof(gre) + encode_ok(&m, buf + sizeof(gre));
		assert_int_equal(pcap_add_ip4(f, &ip, buf, len), 0);
	}
}

/* tshark dissects every packet type the encoder writes without a warning, and sees the types in order. */
static void test_tshark(void **state)
{
	struct pcap_scratch scratch;
	struct tshark_verdict v;
	FILE *f;
	int rc;

	(void)state;
	if (!tshark_present())
		skip();
	assert_non_null(f = pcap_scratch_create(&scratch, PCAP_LINK_RAW));
	write_samples(f);
	assert_int_equal(fclose(f), 0);
	rc = tshark_verdict(scratch.ps_path, "-T fields -e nhrp.hdr.op.type", &v);
	pcap_scratch_remove(&scratch);
	assert_int_equal(rc, 0);
	assert_string_equal(v.tv_flagged, "");
	assert_string_equal(v.tv_output, "1\n2\n3\n4\n5\n6\n7,6\n8\n"); /* 7 carries a purge reply */
	tshark_verdict_free(&v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_encode_vectors),    cmocka_unit_test(test_decode_vectors),
	    cmocka_unit_test(test_round_trip_labels), cmocka_unit_test(test_truncations),
	    cmocka_unit_test(test_checksum),	      cmocka_unit_test(test_unknown_extensions),
	    cmocka_unit_test(test_label_ext_errors),  cmocka_unit_test(test_label_ext_encode_refusals),
	    cmocka_unit_test(test_refused_fields),    cmocka_unit_test(test_tshark),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
