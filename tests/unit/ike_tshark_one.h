/* Wireshark's view of one IKE message Ferry sends (text2pcap and tshark), for the unit tests. */
#ifndef FERRY_TESTS_IKE_TSHARK_ONE_H
#define FERRY_TESTS_IKE_TSHARK_ONE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Whether tshark and text2pcap are installed (tests skip without them). */
bool ike_tshark_present(void);
/*
 * tshark -V of msg as UDP 500 from 127.0.0.2 to 127.0.0.1 (malloc'd); the
 * test fails when tshark flags it malformed or worse than a note.
 */
char *ike_tshark_verbose(const uint8_t *msg, size_t len);

#endif
