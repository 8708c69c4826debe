/*
 * UNSUPPORTED_CRITICAL_PAYLOAD for an IKE_SA_INIT request (RFC 7296 §2.5,
 * §2.21.1, §3.10.1) on hand-checked bytes: a request holding payload type
 * 200 with its critical bit does not decode, and its answer is the
 * request's SPIi, responder SPI zero, message ID 0 and one Notify (type 1,
 * data 200). Anything but an IKE_SA_INIT request, or a header cut short,
 * gets no answer; the same payload without the critical bit is skipped.
 * The notify refusing an encrypted request names the unknown critical
 * payload, or carries the decoder's error (INVALID_SYNTAX), or a fallback.
 * Wireshark's dissector decodes the answer without a flag (skipped without
 * tshark).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ike/ikev2_critical.h"
#include "ike_tshark_one.h"
#include "pcap_tshark.h"

#define UNKNOWN_PL 200

/* IKE_SA_INIT request: SPIi 0102..08, SPIr 0, next 200, version 2.0, flags I, ID 0, length 32; then payload 200. */
static const uint8_t request[32] = {
    1,		2,    3,  4,	5, 6, 7, 8,  /* SPIi */
    0,		0,    0,  0,	0, 0, 0, 0,  /* SPIr */
    UNKNOWN_PL, 0x20, 34, 0x08,		     /* next 200, version 2.0, IKE_SA_INIT, flags I */
    0,		0,    0,  0,	0, 0, 0, 32, /* message ID 0, length 32 */
    0,		0x80, 0,  4,		     /* next none, critical, length 4 */
};

/* The answer: SPIi, SPIr 0, next N (41), version 2.0, IKE_SA_INIT, flags R, ID 0, length 37; N: type 1, data 200. */
static const uint8_t answer[37] = {
    1,		2,    3,  4,	5, 6, 7, 8,  /* SPIi */
    0,		0,    0,  0,	0, 0, 0, 0,  /* SPIr */
    41,		0x20, 34, 0x20,		     /* next N, version 2.0, IKE_SA_INIT, flags R */
    0,		0,    0,  0,	0, 0, 0, 37, /* message ID 0, length 37 */
    0,		0,    0,  9,	0, 0, 0, 1,  /* N: length 9, protocol 0, no SPI, UNSUPPORTED_CRITICAL_PAYLOAD */
    UNKNOWN_PL,
};

static void test_request_refused_by_decoder(void **state)
{
	struct ikev2_msg m;
	struct ikev2_err err;
	uint8_t plain[sizeof(request)];

	(void)state;
	assert_int_equal(ikev2_msg_decode(request, sizeof(request), &m, &err), -1);
	assert_true(ikev2_critical_err(&err));
	assert_int_equal(err.e_payload, UNKNOWN_PL);
	memcpy(plain, request, sizeof(plain));
	plain[29] = 0; /* critical bit clear: skipped (§2.5) */
	assert_int_equal(ikev2_msg_decode(plain, sizeof(plain), &m, &err), 0);
	assert_null(m.m_pl);
	ikev2_msg_fini(&m);
}

static void test_answer_bytes(void **state)
{
	struct ikev2_blob out = {0};
	struct ikev2_err err;

	(void)state;
	assert_int_equal(ikev2_critical_init_answer(request, sizeof(request), UNKNOWN_PL, &out, &err), 0);
	assert_int_equal(out.bl_len, sizeof(answer));
	assert_memory_equal(out.bl_data, answer, sizeof(answer));
	ikev2_blob_free(&out);
}

/* The request with n octets from at set to value: no answer. */
static void no_answer_when(size_t at, size_t n, uint8_t value)
{
	uint8_t req[sizeof(request)];
	struct ikev2_blob out = {0};
	struct ikev2_err err;

	memcpy(req, request, sizeof(req));
	memset(req + at, value, n);
	assert_int_equal(ikev2_critical_init_answer(req, sizeof(req), UNKNOWN_PL, &out, &err), -1);
	assert_null(out.bl_data);
}

static void test_only_init_requests_answered(void **state)
{
	struct ikev2_blob out = {0};
	struct ikev2_err err;

	(void)state;
	no_answer_when(18, 1, 37);   /* INFORMATIONAL */
	no_answer_when(19, 1, 0x28); /* a response */
	no_answer_when(19, 1, 0);    /* from the responder */
	no_answer_when(23, 1, 1);    /* message ID 1 */
	no_answer_when(15, 1, 9);    /* a responder SPI */
	no_answer_when(17, 1, 0x10); /* IKEv1 */
	no_answer_when(0, 8, 0);     /* no initiator SPI */
	for (size_t len = 0; len < 28; len++)
		assert_int_equal(ikev2_critical_init_answer(request, len, UNKNOWN_PL, &out, &err), -1);
}

/* The notify refusing a request for err: its single payload's type and data length. */
static void check_refusal(const struct ikev2_err *err, uint16_t fallback, uint16_t type, size_t data_len)
{
	struct ikev2_pl *list = NULL;

	assert_int_equal(ikev2_critical_error_notify(&list, err, fallback), 0);
	assert_non_null(list);
	assert_null(list->pl_next);
	assert_int_equal(list->pl_type, IKEV2_PL_NOTIFY);
	assert_int_equal(list->pl_notify.no_type, type);
	assert_int_equal(list->pl_notify.no_data.bl_len, data_len);
	ikev2_pl_list_free(list);
}

/* An unknown critical payload is named in its notify; other errors keep their own notify or the fallback. */
static void test_error_notify(void **state)
{
	struct ikev2_err critical = {.e_notify = IKEV2_N_UNSUPPORTED_CRITICAL_PAYLOAD, .e_payload = UNKNOWN_PL};
	struct ikev2_err syntax = {.e_notify = IKEV2_N_INVALID_SYNTAX, .e_payload = IKEV2_PL_NONCE};
	struct ikev2_err none = {.e_what = "out of memory"};
	struct ikev2_pl *list = NULL;

	(void)state;
	check_refusal(&critical, IKEV2_N_AUTHENTICATION_FAILED, IKEV2_N_UNSUPPORTED_CRITICAL_PAYLOAD, 1);
	assert_int_equal(ikev2_critical_error_notify(&list, &critical, 0), 0);
	assert_int_equal(list->pl_notify.no_data.bl_data[0], UNKNOWN_PL);
	ikev2_pl_list_free(list);
	check_refusal(&syntax, IKEV2_N_AUTHENTICATION_FAILED, IKEV2_N_INVALID_SYNTAX, 0);
	check_refusal(&none, IKEV2_N_AUTHENTICATION_FAILED, IKEV2_N_AUTHENTICATION_FAILED, 0);
	check_refusal(&none, IKEV2_N_INVALID_SYNTAX, IKEV2_N_INVALID_SYNTAX, 0);
}

static void test_tshark_decodes(void **state)
{
	char *verbose;

	(void)state;
	if (!tshark_present())
		skip();
	verbose = ike_tshark_verbose(answer, sizeof(answer));
	assert_non_null(strstr(verbose, "UNSUPPORTED_CRITICAL_PAYLOAD"));
	assert_non_null(strstr(verbose, "IKE_SA_INIT"));
	free(verbose);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_request_refused_by_decoder),
	    cmocka_unit_test(test_answer_bytes),
	    cmocka_unit_test(test_only_init_requests_answered),
	    cmocka_unit_test(test_error_notify),
	    cmocka_unit_test(test_tshark_decodes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
