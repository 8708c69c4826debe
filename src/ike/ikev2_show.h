/* The IKEv2 SA manager's commands (show/clear crypto ikev2 sa) and its reconciler. */
#ifndef FERRY_IKE_IKEV2_SHOW_H
#define FERRY_IKE_IKEV2_SHOW_H

#include "parser/cli.h"

/* Registers the commands and the reconciler that starts and stops SAs as the configuration asks. */
void ikev2_show_init(struct cli_tree *t);
/* show crypto ipsec sa (ikev2_show_ipsec.c), show/clear crypto session (ikev2_show_session.c),
 * show crypto ikev2 stats and debug crypto ikev2 (ikev2_show_stats.c). */
void ikev2_show_ipsec_init(struct cli_tree *t);
void ikev2_show_session_init(struct cli_tree *t);
void ikev2_show_stats_init(struct cli_tree *t);

#endif
