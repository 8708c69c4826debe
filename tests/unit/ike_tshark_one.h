/* Wireshark's view of one IKE message Ferry sends (pcap_tshark.h), for the unit tests. */
#ifndef FERRY_TESTS_IKE_TSHARK_ONE_H
#define FERRY_TESTS_IKE_TSHARK_ONE_H

#include <stddef.h>
#include <stdint.h>

/*
 * tshark -V of msg as UDP 500 from 127.0.0.2 to 127.0.0.1 (malloc'd); the
 * test fails when tshark flags it malformed or worse than a note. Callers
 * skip first without tshark (tshark_present).
 */
char *ike_tshark_verbose(const uint8_t *msg, size_t len);

#endif
