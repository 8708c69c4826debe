/* A VRF's TUN marking what it hands the kernel: a tiny eBPF program under tc, and the reflecting sysctl. */
#include "dataplane/userspace/us_mark.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/pkt_cls.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>

#include "dataplane/userspace/us_redirect.h"

#define US_MARK_REFLECT "/proc/sys/net/ipv4/fwmark_reflect"

int us_mark_tun(struct kn_sock *s, const char *tun, uint32_t mark)
{
	/* skb->mark = mark; return TC_ACT_OK (direct action: the packet goes on) */
	const struct bpf_insn insns[] = {
	    {.code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_2, .imm = (int32_t)mark},
	    {.code = BPF_STX | BPF_MEM | BPF_W,
	     .dst_reg = BPF_REG_1,
	     .src_reg = BPF_REG_2,
	     .off = offsetof(struct __sk_buff, mark)},
	    {.code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = TC_ACT_OK},
	    {.code = BPF_JMP | BPF_EXIT},
	};

	return us_redirect_prog(s, tun, insns, sizeof(insns) / sizeof(insns[0]));
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
