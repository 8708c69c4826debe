/* Loading the userspace backend's tiny tc programs (eBPF, written out as instructions: no compiler needed). */
#ifndef FERRY_DATAPLANE_USERSPACE_US_BPF_H
#define FERRY_DATAPLANE_USERSPACE_US_BPF_H

#include <linux/bpf.h>
#include <stddef.h>

/* Loads insns[0..n) as a tc classifier (BPF_PROG_TYPE_SCHED_CLS); its fd, or -errno. */
int us_bpf_sched_cls(const struct bpf_insn *insns, size_t n);

#endif
