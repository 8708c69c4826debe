/*
 * A batch: the messages of many operations for one netlink family, sent in
 * one sendmsg, and the logic that maps the kernel's acknowledgements back
 * to operations (no I/O here: kn_sock sends and reads, unit tests feed
 * prepared acknowledgements).
 */
#ifndef FERRY_DATAPLANE_KERNEL_KN_BATCH_H
#define FERRY_DATAPLANE_KERNEL_KN_BATCH_H

#include <libmnl/libmnl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dataplane/kernel/kn_msg.h"

#define KN_BATCH_BYTES (64 * 1024) /* one sendmsg; well within the default socket send buffer */
/* Every message is acknowledged at once into the receive buffer, about 1 KiB of it each (skb
 * truesize): the socket asks for a buffer this many times larger (kn_sock.c). */
#define KN_BATCH_MSGS 1024

/* The first failure of an apply: the lowest operation index wins. */
struct kn_result {
	bool kr_failed;
	size_t kr_op;
	int kr_errno;
	char kr_msg[256];
};

void kn_result_fail(struct kn_result *r, size_t op, int err, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

struct kn_sent {
	size_t ks_op; /* the operation the message carries out */
	enum kn_tolerate ks_tolerate;
	bool ks_acked;
};

struct kn_batch {
	struct mnl_nlmsg_batch *kb_mnl;
	char *kb_buf;
	uint32_t kb_seq0; /* sequence number of the first message */
	size_t kb_count, kb_acked;
	struct kn_sent kb_sent[KN_BATCH_MSGS];
};

int kn_batch_init(struct kn_batch *b);
void kn_batch_free(struct kn_batch *b);
void kn_batch_reset(struct kn_batch *b);
bool kn_batch_empty(const struct kn_batch *b);
/* Whether one more operation's messages fit. */
bool kn_batch_room(const struct kn_batch *b, const struct kn_msgs *m);
/* Appends an operation's messages. */
void kn_batch_add(struct kn_batch *b, const struct kn_msgs *m, size_t op);
/* Numbers the messages seq0, seq0 + 1, ... before they are sent. */
void kn_batch_number(struct kn_batch *b, uint32_t seq0);
const void *kn_batch_head(const struct kn_batch *b);
size_t kn_batch_size(const struct kn_batch *b);
/* Takes the acknowledgements in one buffer read from the socket; errors go to res. */
void kn_batch_acks(struct kn_batch *b, const void *buf, size_t len, struct kn_result *res);
bool kn_batch_done(const struct kn_batch *b);
/* The acknowledgements still missing will not come (err): their first operation failed. */
void kn_batch_lost(struct kn_batch *b, int err, struct kn_result *res);

#endif
