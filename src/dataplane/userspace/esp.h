/*
 * ESP (RFC 4303) for the userspace dataplane: sealing and opening packets
 * with AES-GCM (RFC 4106) or AES-CBC with HMAC-SHA-256-128 (RFC 3602, RFC
 * 4868), in transport or tunnel mode, as IP protocol 50 or in UDP (RFC 3948).
 *
 * Contexts: every call takes a struct esp_ctx, which holds the OpenSSL
 * cipher and MAC contexts keyed for the SAs it has recently used. A context
 * belongs to one thread: create one per worker thread with esp_ctx_new and
 * never share it. Packets then cost no allocation (OpenSSL allocates only
 * when a context first meets an SA, or when an SA pushes another out of it).
 *
 * Buffers: a packet is sealed in place, so it needs headroom for the ESP
 * header and IV (plus UDP and outer IPv4 headers for esp_output) and
 * tailroom for padding, trailer and ICV: ESP_HEADROOM and ESP_TAILROOM cover
 * every algorithm and mode.
 */
#ifndef FERRY_DATAPLANE_USERSPACE_ESP_H
#define FERRY_DATAPLANE_USERSPACE_ESP_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>

#include "dataplane/userspace/drop.h"
#include "dataplane/userspace/esp_sa.h"
#include "dataplane/userspace/pkt.h"
#include "dataplane/userspace/udpencap.h"

#define ESP_HEADROOM (20 + 8 + ESP_HDR_LEN + 16) /* outer IPv4, UDP, ESP header, CBC IV */
#define ESP_TAILROOM (15 + ESP_TRAILER_LEN + 16) /* CBC padding, trailer, ICV */

struct esp_ctx;
struct esp_tx;

/* NULL when OpenSSL lacks an algorithm or memory runs out. */
struct esp_ctx *esp_ctx_new(void);
void esp_ctx_free(struct esp_ctx *ctx);

/*
 * Seals the payload in p (next_header: its IP protocol number) into an ESP
 * packet: p then holds header, IV, ciphertext and ICV. The sequence number
 * is the SA's next, taken once the context's sender owns the SA (see
 * esp_ctx_send_as); DROP_ESP_SEQ_EXHAUSTED when it would wrap (rekey first).
 */
enum us_drop esp_seal(struct esp_ctx *ctx, struct esp_sa *sa, struct pkt *p, uint8_t next_header);
/*
 * Seals for the sender tx from now on (esp_tx.h: an SA sealed then stays
 * tx's until esp_tx_release(tx)); NULL, as a new context starts: sealing
 * takes no ownership. may_wait: it may wait for another sender's SA.
 */
void esp_ctx_send_as(struct esp_ctx *ctx, struct esp_tx *tx, bool may_wait);
/* The sender of ctx's own thread, to send as and to release after sending. */
struct esp_tx *esp_ctx_own_tx(struct esp_ctx *ctx);

/*
 * Opens the ESP packet in p with sa: verifies the ICV, then the anti-replay
 * window (updated only now), decrypts (GCM decrypts while verifying: its
 * plaintext is used only once verified) and checks the padding. p then holds
 * the payload and *next_header its protocol.
 */
enum us_drop esp_open(struct esp_ctx *ctx, struct esp_sa *sa, struct pkt *p, uint8_t *next_header);

/*
 * Protects the IPv4 packet in p with sa. Tunnel mode: it becomes the payload
 * of a new IPv4 header from sa_src to sa_dst (TOS and DF copied, TTL 64).
 * Transport mode: its own header stays in front, protocol and length
 * rewritten. With sa_encap_dport set, ESP rides in UDP between the SA's ports.
 */
enum us_drop esp_output(struct esp_ctx *ctx, struct esp_sa *sa, struct pkt *p);

/* Finds the SA of an inbound SPI (NULL: none). Called on the worker thread. */
typedef struct esp_sa *esp_sa_lookup_fn(void *arg, uint32_t spi);

/* What esp_input found besides the packet. */
struct esp_rx {
	enum udpencap_kind rx_kind; /* not UDPENCAP_ESP: p holds an IKE message or a keepalive for IKE */
	struct esp_sa *rx_sa;	    /* the SA that opened the packet */
	struct in_addr rx_src, rx_dst;
	uint16_t rx_sport, rx_dport; /* the UDP ports, 0 for ESP as protocol 50 */
};

/*
 * Takes an IPv4 packet addressed to this host with protocol 50, or UDP to
 * the NAT-T port, and removes its protection: p then holds the inner IPv4
 * packet (tunnel mode) or the packet with its own header restored
 * (transport mode). Fragments are dropped (no reassembly here). IKE
 * messages and keepalives on the UDP port come back with DROP_NONE and
 * rx_kind saying so.
 */
enum us_drop esp_input(struct esp_ctx *ctx, esp_sa_lookup_fn *lookup, void *arg, struct pkt *p, struct esp_rx *rx);

#endif
