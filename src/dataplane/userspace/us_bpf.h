/* Loading the userspace backend's tiny eBPF programs (tc filters, socket filters), written out as instructions: no
 * compiler needed. */
#ifndef FERRY_DATAPLANE_USERSPACE_US_BPF_H
#define FERRY_DATAPLANE_USERSPACE_US_BPF_H

#include <linux/bpf.h>
#include <stddef.h>

/* Loads insns[0..n) as a program of type (BPF_PROG_TYPE_SCHED_CLS, _SOCKET_FILTER); its fd, or -errno. */
int us_bpf_load(enum bpf_prog_type type, const struct bpf_insn *insns, size_t n);

#endif
