/* Netlink I/O of the kernel backend (the logic it drives is in kn_batch.c). */
#include <errno.h>
#include <sys/socket.h>
#include <sys/time.h>

#include "dataplane/kernel/kn_sock.h"

#define DUMP_BUFFER_BYTES 32768 /* what a dump answer datagram may reach */
#define RCVBUF_BYTES	  (KN_BATCH_MSGS * 2048)
#define REPLY_TIMEOUT_S	  10 /* the kernel answers while processing the send; this only catches a wedge */

static void set_options(struct kn_sock *s)
{
	int one = 1, rcvbuf = RCVBUF_BYTES;
	struct timeval tv = {.tv_sec = REPLY_TIMEOUT_S};
	int fd = mnl_socket_get_fd(s->ks_nl);

	/* best effort: without them errors lose their text, or a huge batch its acknowledgements
	 * (reported as lost); SO_RCVBUFFORCE passes rmem_max with CAP_NET_ADMIN, which programming
	 * the kernel needs anyway */
	mnl_socket_setsockopt(s->ks_nl, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(s->ks_nl, NETLINK_CAP_ACK, &one, sizeof(one));
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf)) < 0)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
}

int kn_sock_open(struct kn_sock *s, int protocol)
{
	if (!(s->ks_nl = mnl_socket_open(protocol)))
		return -errno;
	if (mnl_socket_bind(s->ks_nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		int err = errno;
		kn_sock_close(s);
		return -err;
	}
	s->ks_portid = mnl_socket_get_portid(s->ks_nl);
	s->ks_seq = 1; /* 0 would turn off libmnl's sequence check of dump answers */
	set_options(s);
	return 0;
}

void kn_sock_close(struct kn_sock *s)
{
	if (s->ks_nl)
		mnl_socket_close(s->ks_nl);
	s->ks_nl = NULL;
}

void kn_sock_commit(struct kn_sock *s, struct kn_batch *b, struct kn_result *res)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	ssize_t n;

	if (kn_batch_empty(b))
		return;
	kn_batch_number(b, s->ks_seq);
	s->ks_seq += (uint32_t)b->kb_count;
	if (mnl_socket_sendto(s->ks_nl, kn_batch_head(b), kn_batch_size(b)) < 0)
		kn_batch_lost(b, errno, res);
	else
		while (!kn_batch_done(b)) {
			if ((n = mnl_socket_recvfrom(s->ks_nl, buf, sizeof(buf))) < 0) {
				kn_batch_lost(b, errno, res);
				break;
			}
			kn_batch_acks(b, buf, (size_t)n, res);
		}
	kn_batch_reset(b);
}

/* Answers left by a batch whose acknowledgements were given up would break a request's sequence check. */
static void drain(struct kn_sock *s)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];

	while (recv(mnl_socket_get_fd(s->ks_nl), buf, sizeof(buf), MSG_DONTWAIT) > 0)
		;
}

int kn_sock_ask(struct kn_sock *s, struct nlmsghdr *req, uint16_t how, mnl_cb_t cb, void *arg)
{
	char buf[DUMP_BUFFER_BYTES];
	uint32_t seq = s->ks_seq++;
	ssize_t n;
	int rc;

	drain(s);
	req->nlmsg_flags = NLM_F_REQUEST | how;
	req->nlmsg_seq = seq;
	if (mnl_socket_sendto(s->ks_nl, req, req->nlmsg_len) < 0)
		return -errno;
	do {
		if ((n = mnl_socket_recvfrom(s->ks_nl, buf, sizeof(buf))) < 0)
			return -errno;
		errno = 0;
		rc = mnl_cb_run(buf, (size_t)n, seq, s->ks_portid, cb, arg);
	} while (rc == MNL_CB_OK);
	return rc == MNL_CB_STOP ? 0 : -(errno ? errno : EPROTO);
}
