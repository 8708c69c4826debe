/* Loading the userspace backend's tiny eBPF programs (tc filters, socket filters), written out as instructions: no
 * compiler needed. */
#ifndef FERRY_DATAPLANE_USERSPACE_US_BPF_H
#define FERRY_DATAPLANE_USERSPACE_US_BPF_H

#include <linux/bpf.h>
#include <stddef.h>
#include <stdint.h>

/* Instructions the programs share; r6 holds the context, a struct __sk_buff. */
#define US_BPF_CTX_TO_R6                                                                                               \
	{                                                                                                              \
		.code = BPF_ALU64 | BPF_MOV | BPF_X, .dst_reg = BPF_REG_6, .src_reg = BPF_REG_1                        \
	}
/* r0 = the context's field (32 bits). */
#define US_BPF_LOAD(field)                                                                                             \
	{                                                                                                              \
		.code = BPF_LDX | BPF_MEM | BPF_W, .dst_reg = BPF_REG_0, .src_reg = BPF_REG_6,                         \
		.off = offsetof(struct __sk_buff, field)                                                               \
	}
/* if (r0 OP imm) jump off instructions past the next. */
#define US_BPF_JUMP(op, imm_, off_)                                                                                    \
	{                                                                                                              \
		.code = BPF_JMP | (op) | BPF_K, .dst_reg = BPF_REG_0, .off = (off_), .imm = (imm_)                     \
	}
#define US_BPF_RETURN(imm_)                                                                                            \
	{.code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = (imm_)},                                    \
	{                                                                                                              \
		.code = BPF_JMP | BPF_EXIT                                                                             \
	}
/*
 * Five instructions: a VLAN's packet (a tag with a VLAN id; id 0 only
 * marks a priority) jumps off instructions past the last of them; an
 * untagged one goes on after them.
 */
#define US_BPF_JUMP_IF_VLAN(off_)                                                                                      \
	US_BPF_LOAD(vlan_present), US_BPF_JUMP(BPF_JEQ, 0, 3), US_BPF_LOAD(vlan_tci),                                  \
	    {.code = BPF_ALU64 | BPF_AND | BPF_K, .dst_reg = BPF_REG_0, .imm = 0x0fff}, US_BPF_JUMP(BPF_JNE, 0, off_)

/* Loads insns[0..n) as a program of type (BPF_PROG_TYPE_SCHED_CLS, _SOCKET_FILTER); its fd, or -errno. */
int us_bpf_load(enum bpf_prog_type type, const struct bpf_insn *insns, size_t n);

#endif
