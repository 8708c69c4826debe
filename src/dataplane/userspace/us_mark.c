/* A VRF's TUN marking what it hands the kernel: a tiny eBPF program under tc, and the reflecting sysctl. */
#include "dataplane/userspace/us_mark.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <stddef.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "dataplane/userspace/us_redirect.h"

#define US_MARK_REFLECT "/proc/sys/net/ipv4/fwmark_reflect"

/* skb->mark = mark; return TC_ACT_OK (direct action: the packet goes on). */
static int us_mark_prog(uint32_t mark)
{
	struct bpf_insn insns[] = {
	    {.code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_2, .imm = (int32_t)mark},
	    {.code = BPF_STX | BPF_MEM | BPF_W,
	     .dst_reg = BPF_REG_1,
	     .src_reg = BPF_REG_2,
	     .off = offsetof(struct __sk_buff, mark)},
	    {.code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = TC_ACT_OK},
	    {.code = BPF_JMP | BPF_EXIT},
	};
	static const char license[] = "GPL";
	union bpf_attr attr;
	long fd;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_SCHED_CLS;
	attr.insns = (uint64_t)(uintptr_t)insns;
	attr.insn_cnt = sizeof(insns) / sizeof(insns[0]);
	attr.license = (uint64_t)(uintptr_t)license;
	fd = syscall(SYS_bpf, BPF_PROG_LOAD, &attr, sizeof(attr));
	return fd < 0 ? -errno : (int)fd;
}

int us_mark_tun(struct kn_sock *s, const char *tun, uint32_t mark)
{
	int prog = us_mark_prog(mark), rc;

	if (prog < 0)
		return prog;
	rc = us_redirect_bpf(s, tun, prog);
	close(prog); /* the filter holds the program */
	return rc;
}

int us_mark_reflect(void)
{
	int fd = open(US_MARK_REFLECT, O_WRONLY | O_CLOEXEC), rc = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, "1", 1) != 1)
		rc = -errno;
	close(fd);
	return rc;
}
