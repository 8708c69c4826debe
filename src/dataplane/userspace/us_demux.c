/* Steering port 4500 between the dataplane and IKE: a reuseport group and a classic BPF selector. */
#include "dataplane/userspace/us_demux.h"

#include <errno.h>
#include <linux/filter.h>
#include <sys/socket.h>
#include <unistd.h>

/* A = the first four payload octets (a short payload ends the program: 0); zero -> IKE, else the dataplane. */
static struct sock_filter us_demux_insns[] = {
    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 0),
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 1),
    BPF_STMT(BPF_RET | BPF_K, US_DEMUX_IKE),
    BPF_STMT(BPF_RET | BPF_K, US_DEMUX_DATAPLANE),
};

int us_demux_open(const struct sockaddr_in *addr)
{
	struct sock_fprog prog = {.len = sizeof(us_demux_insns) / sizeof(us_demux_insns[0]), .filter = us_demux_insns};
	int one = 1, fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0), err;

	if (fd < 0)
		return -errno;
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one)) == 0 &&
	    setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &one, sizeof(one)) == 0 &&
	    bind(fd, (const struct sockaddr *)addr, sizeof(*addr)) == 0 &&
	    setsockopt(fd, SOL_SOCKET, SO_ATTACH_REUSEPORT_CBPF, &prog, sizeof(prog)) == 0)
		return fd;
	err = errno;
	close(fd);
	return -err;
}
