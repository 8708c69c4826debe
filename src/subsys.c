/* The list of subsystems, in the order their config modules are created. */
#include <stdlib.h>

#include "aaa/aaa.h"
#include "acl/acl.h"
#include "bgp/bgp.h"
#include "dataplane/dp_cli.h"
#include "ike/ike.h"
#include "interface/iface.h"
#include "ipsec/ipsec.h"
#include "mpls/mpls.h"
#include "nhrp/nhrp.h"
#include "pki/pki.h"
#include "pool/pool.h"
#include "rib/rib.h"
#include "routemap/routemap.h"
#include "subsys.h"
#include "sys/sys.h"
#include "tunnel/tunnel.h"
#include "vrf/vrf.h"

typedef void subsys_init_fn(struct cli_tree *t);

static subsys_init_fn *const subsys_inits[] = {
    sys_cli_init,  sys_show_init, sys_misc_init, aaa_cli_init,	if_cli_init,	 if_show_init, dp_cli_init,
    vrf_cli_init,  vrf_show_init, pki_cli_init,	 ike_cli_init,	ipsec_cli_init,	 tunnel_cli_init,
    nhrp_cli_init, mpls_cli_init, bgp_cli_init,	 pool_cli_init, rib_static_init, routemap_cli_init,
    acl_cli_init,  prefix_list_cli_init, acl_show_init,
};

struct cli_tree *subsys_grammar(void)
{
	struct cli_tree *t = cli_tree_new();

	for (size_t i = 0; i < sizeof(subsys_inits) / sizeof(subsys_inits[0]); i++)
		subsys_inits[i](t);
	return t;
}
