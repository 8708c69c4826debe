/*
 * The responder's IKE_AUTH with certificates through the SA manager, its
 * signatures on a worker thread (src/core/workq.h): an initiator made of
 * the exchange functions talks to ferryd's SA manager (messages handed
 * over in memory). While the signatures run the SA waits and drops a
 * retransmitted request; the completion answers and the SA is READY, the
 * initiator verifies the answer. An SA deleted while its signatures run
 * is left alone by the completion (ASan would see a use after free).
 * IKE_SA_INIT's g^ir on the worker likewise: the answer goes when the keys
 * are made, a retransmission meanwhile is dropped and opens no second SA,
 * and an SA deleted meanwhile is left alone by the completion.
 * Diffie-Hellman key pairs made ahead on the worker (ikev2_dh_pool.h):
 * refilled in batches, served by ikev2_dh_new, usable for g^ir; a pool
 * detached while a refill runs takes nothing back.
 */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "config/text.h"
#include "core/log.h"
#include "core/loop.h"
#include "core/workq.h"
#include "ike/ikev2_dh_pool.h"
#include "ike/ikev2_peer.h"
#include "ike/ikev2_sa.h"
#include "pki/pki_store.h"
#include "rib/fib.h"
#include "subsys.h"
#include "test_ike_cert_util.h"

static const char conf[] = "crypto pki trustpoint CA\n"
			   "crypto pki certificate map flexmap 10\n"
			   " subject-name co ou = flex\n"
			   "crypto ikev2 profile flex\n"
			   " match certificate flexmap\n"
			   " authentication local rsa-sig\n"
			   " authentication remote rsa-sig\n"
			   " pki trustpoint CA\n";

struct fx {
	struct cli_tree *f_tree;
	struct ferryd f_d;
	X509 *f_ca;
	char *f_dir;
	struct sockaddr_in f_ini, f_rsp; /* the initiator's address, ferryd's */
	struct ikev2_init f_in;		 /* the initiator's side */
	struct ikev2_authx_conf f_conf;
	struct ikev2_child f_child;
};

static void diag(void *arg, const char *file, unsigned line, const char *msg)
{
	(void)arg;
	print_error("%s:%u: %s\n", file, line, msg);
}

static struct sockaddr_in addr(const char *ip)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(500)};

	inet_pton(AF_INET, ip, &a.sin_addr);
	return a;
}

static int setup(void **state)
{
	static struct fx f;
	FILE *in = fmemopen((void *)conf, strlen(conf), "r");
	X509 *ours;

	f = (struct fx){.f_tree = subsys_grammar(), .f_ca = tc_ca()};
	ours = tc_leaf(f.f_ca, "CN=hub.lab,OU=FLEX,O=Lab", "DNS:hub.lab");
	f.f_dir = tc_pki_dir(f.f_ca, ours, tc_key(1));
	X509_free(ours);
	pki_store_set_dir(f.f_dir);
	f.f_d.fd_tree = f.f_tree;
	f.f_d.fd_loop = loop_new();
	f.f_d.fd_workq = workq_new(f.f_d.fd_loop, 1);
	f.f_d.fd_running = cfg_new();
	assert_int_equal(cfg_load_stream(f.f_tree, &f.f_d, f.f_d.fd_running, in, "conf", diag, NULL), 0);
	fclose(in);
	assert_int_equal(dataplane_open(&f.f_d.fd_dp, "record"), 0);
	ikev2_mgr = (struct ikev2_mgr){.mg_d = &f.f_d, .mg_udp = {.u_fd = {-1, -1}}}; /* the test carries messages */
	f.f_ini = addr("192.0.2.1");
	f.f_rsp = addr("192.0.2.2");
	*state = &f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	while (ikev2_mgr.mg_sas)
		ikev2_sa_drop(&ikev2_mgr, ikev2_mgr.mg_sas);
	ikev2_init_fini(&f->f_in);
	ikev2_authx_conf_fini(&f->f_conf);
	ikev2_child_fini(&f->f_child);
	workq_free(f->f_d.fd_workq);
	fib_forget(&f->f_d);
	dataplane_close(&f->f_d.fd_dp);
	cfg_free(f->f_d.fd_running);
	loop_free(f->f_d.fd_loop);
	cli_tree_free(f->f_tree);
	pki_store_set_dir(NULL);
	tc_pki_dir_free(f->f_dir);
	X509_free(f->f_ca);
	return 0;
}

/* Waits for the worker's jobs and runs their completions. */
static void settle(struct fx *f)
{
	workq_free(f->f_d.fd_workq);
	f->f_d.fd_workq = workq_new(f->f_d.fd_loop, 1);
}

/* A message of the initiator to ferryd. */
static void deliver(struct fx *f, const struct ikev2_blob *msg)
{
	ikev2_sa_rx(&ikev2_mgr, msg->bl_data, msg->bl_len, &f->f_ini, &f->f_rsp, false);
}

/* IKE_SA_INIT done, then the initiator's signed IKE_AUTH request in *req; ferryd's SA returned. */
static struct ikev2_ike_sa *open_sa(struct fx *f, struct ikev2_blob *req)
{
	struct ikev2_blob init = {0};
	struct ikev2_err err = {0};
	struct ikev2_msg m;
	const char *why;
	struct ikev2_ike_sa *sa;

	assert_int_equal(ikev2_init_start(&f->f_in, NULL, &f->f_ini, &f->f_rsp), 0);
	assert_int_equal(ikev2_init_request(&f->f_in, &init, &err), 0);
	deliver(f, &init);
	ikev2_blob_free(&init);
	settle(f); /* g^ir on the worker, then the answer */
	assert_non_null(sa = ikev2_mgr.mg_sas);
	assert_int_equal(ikev2_msg_decode(sa->sa_resp.bl_data, sa->sa_resp.bl_len, &m, &err), 0);
	assert_int_equal(ikev2_init_response(&f->f_in, &m, sa->sa_resp.bl_data, sa->sa_resp.bl_len, &err),
			 IKEV2_INIT_DONE);
	ikev2_msg_fini(&m);
	assert_int_equal(ikev2_peer_conf(f->f_d.fd_running, ike_profile_lookup(f->f_d.fd_running, "flex"),
					 f->f_ini.sin_addr, f->f_rsp.sin_addr, NULL, &f->f_conf, &why),
			 0);
	assert_int_equal(ikev2_child_init(&f->f_child, f->f_ini.sin_addr, f->f_rsp.sin_addr), 0);
	assert_int_equal(ikev2_authx_request(&f->f_in, &f->f_conf, &f->f_child, req, &err), 0);
	return sa;
}

static void test_signed_on_worker(void **state)
{
	struct fx *f = *state;
	struct ikev2_blob req = {0};
	struct ikev2_ike_sa *sa = open_sa(f, &req);
	struct ikev2_err err = {0};
	struct ikev2_msg m;

	deliver(f, &req);
	assert_true(ikev2_sa_busy(sa)); /* the signatures are on the worker */
	assert_int_equal(sa->sa_state, IKEV2_SA_INIT_DONE);
	deliver(f, &req); /* a retransmission meanwhile is dropped */
	assert_int_equal(ikev2_mgr.mg_stats.st_drops[IKEV2_DROP_STATE], 1);
	settle(f); /* the job ran and its completion answered */
	assert_false(ikev2_sa_busy(sa));
	assert_int_equal(sa->sa_state, IKEV2_SA_READY);
	assert_int_equal(ikev2_msg_decode(sa->sa_resp.bl_data, sa->sa_resp.bl_len, &m, &err), 0);
	assert_int_equal(
	    ikev2_authx_response(&f->f_in, &f->f_conf, &f->f_child, &m, sa->sa_resp.bl_data, sa->sa_resp.bl_len, &err),
	    0);
	assert_int_equal(f->f_conf.ac_peer_id.id_type, IKEV2_ID_DER_ASN1_DN);
	ikev2_msg_fini(&m);
	ikev2_blob_free(&req);
}

static void test_deleted_meanwhile(void **state)
{
	struct fx *f = *state;
	struct ikev2_blob req = {0};
	struct ikev2_ike_sa *sa = open_sa(f, &req);

	deliver(f, &req);
	assert_true(ikev2_sa_busy(sa));
	ikev2_sa_drop(&ikev2_mgr, sa); /* e.g. clear crypto ikev2 sa, or the half-open timer */
	settle(f);
	assert_null(ikev2_mgr.mg_sas);
	ikev2_blob_free(&req);
}

/* The initiator's IKE_SA_INIT request to ferryd. */
static void send_init(struct fx *f)
{
	struct ikev2_blob init = {0};
	struct ikev2_err err = {0};

	assert_int_equal(ikev2_init_start(&f->f_in, NULL, &f->f_ini, &f->f_rsp), 0);
	assert_int_equal(ikev2_init_request(&f->f_in, &init, &err), 0);
	deliver(f, &init);
	deliver(f, &init); /* a retransmission while g^ir is computed: dropped */
	ikev2_blob_free(&init);
}

static void test_init_keys_on_worker(void **state)
{
	struct fx *f = *state;
	struct ikev2_ike_sa *sa;
	struct ikev2_err err = {0};
	struct ikev2_msg m;

	send_init(f);
	assert_non_null(sa = ikev2_mgr.mg_sas);
	assert_null(sa->sa_next); /* the retransmission opened no second SA */
	assert_true(ikev2_sa_busy(sa));
	assert_int_equal(sa->sa_resp.bl_len, 0); /* no answer before the keys */
	assert_int_equal(ikev2_mgr.mg_stats.st_drops[IKEV2_DROP_STATE], 1);
	settle(f);
	assert_false(ikev2_sa_busy(sa));
	assert_int_equal(sa->sa_state, IKEV2_SA_INIT_DONE);
	assert_int_equal(ikev2_msg_decode(sa->sa_resp.bl_data, sa->sa_resp.bl_len, &m, &err), 0);
	assert_int_equal(ikev2_init_response(&f->f_in, &m, sa->sa_resp.bl_data, sa->sa_resp.bl_len, &err),
			 IKEV2_INIT_DONE);
	ikev2_msg_fini(&m);
	/* both sides derived the same keys from g^ir */
	assert_int_equal(f->f_in.in_keys.ik_d.se_len, sa->sa_init.in_keys.ik_d.se_len);
	assert_memory_equal(f->f_in.in_keys.ik_d.se_data, sa->sa_init.in_keys.ik_d.se_data,
			    sa->sa_init.in_keys.ik_d.se_len);
}

static void test_init_deleted_meanwhile(void **state)
{
	struct fx *f = *state;

	send_init(f);
	assert_non_null(ikev2_mgr.mg_sas);
	assert_true(ikev2_sa_busy(ikev2_mgr.mg_sas));
	ikev2_sa_drop(&ikev2_mgr, ikev2_mgr.mg_sas); /* e.g. clear crypto ikev2 sa */
	settle(f);				     /* the completion only frees its job */
	assert_null(ikev2_mgr.mg_sas);
	assert_int_equal(ikev2_mgr.mg_stats.st_in_rejected, 0);
}

/* g^ir of a with b's public value equals b's with a's. */
static void assert_agree(const struct ikev2_dh *a, const struct ikev2_dh *b)
{
	struct ikev2_blob pa = {0}, pb = {0};
	struct ikev2_secret sa = {0}, sb = {0};
	struct ikev2_err err;

	assert_int_equal(ikev2_dh_public(a, &pa), 0);
	assert_int_equal(ikev2_dh_public(b, &pb), 0);
	assert_int_equal(ikev2_dh_shared(a, pb.bl_data, pb.bl_len, &sa, &err), 0);
	assert_int_equal(ikev2_dh_shared(b, pa.bl_data, pa.bl_len, &sb, &err), 0);
	assert_int_equal(sa.se_len, 32);
	assert_memory_equal(sa.se_data, sb.se_data, sa.se_len);
	ikev2_secret_free(&sa);
	ikev2_secret_free(&sb);
	ikev2_blob_free(&pa);
	ikev2_blob_free(&pb);
}

static void test_dh_pool(void **state)
{
	struct fx *f = *state;
	struct ikev2_dh *a, *b;

	ikev2_dh_pool_attach(f->f_d.fd_workq);
	assert_null(ikev2_dh_pool_take(IKEV2_DH_ECP_256));   /* none ready yet: a refill starts */
	assert_non_null(a = ikev2_dh_new(IKEV2_DH_ECP_256)); /* made inline meanwhile */
	settle(f);
	ikev2_dh_pool_attach(f->f_d.fd_workq);
	assert_int_equal(ikev2_dh_pool_ready(IKEV2_DH_ECP_256), 4);
	assert_non_null(b = ikev2_dh_new(IKEV2_DH_ECP_256)); /* from the pool, and below half: a refill */
	assert_int_equal(ikev2_dh_pool_ready(IKEV2_DH_ECP_256), 3);
	assert_agree(a, b);
	ikev2_dh_free(a);
	ikev2_dh_free(b);
	ikev2_dh_pool_detach(); /* the refill still running is freed when it ends */
	settle(f);
	assert_int_equal(ikev2_dh_pool_ready(IKEV2_DH_ECP_256), 0);
	assert_null(ikev2_dh_pool_take(IKEV2_DH_ECP_256)); /* detached: no pooling */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_signed_on_worker, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_deleted_meanwhile, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_dh_pool, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_init_keys_on_worker, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_init_deleted_meanwhile, setup, teardown),
	};

	log_init(true);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
