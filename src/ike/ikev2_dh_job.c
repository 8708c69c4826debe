/* g^ir as a job for a worker thread (ikev2_dh.h). */
#include "ike/ikev2_dh.h"

int ikev2_dh_job_start(struct ikev2_dh_job *j, struct ikev2_dh **dh, const struct ikev2_ke *peer, struct ikev2_err *err)
{
	*j = (struct ikev2_dh_job){.dj_rc = -1};
	if (ikev2_blob_set(&j->dj_peer, peer->ke_data.bl_data, peer->ke_data.bl_len) < 0) {
		*err = (struct ikev2_err){.e_what = "out of memory"};
		return -1;
	}
	j->dj_dh = *dh;
	*dh = NULL;
	return 0;
}

void ikev2_dh_job_run(struct ikev2_dh_job *j)
{
	if (!j->dj_dh)
		return; /* an empty job: no Diffie-Hellman in this exchange */
	j->dj_rc = ikev2_dh_shared(j->dj_dh, j->dj_peer.bl_data, j->dj_peer.bl_len, &j->dj_gir, &j->dj_err);
}

int ikev2_dh_job_take(struct ikev2_dh_job *j, struct ikev2_dh **dh, struct ikev2_secret *gir, struct ikev2_err *err)
{
	ikev2_dh_free(*dh);
	*dh = j->dj_dh;
	j->dj_dh = NULL;
	if (j->dj_rc < 0) {
		*err = j->dj_err;
		return -1;
	}
	*gir = j->dj_gir;
	j->dj_gir = (struct ikev2_secret){0};
	return 0;
}

void ikev2_dh_job_fini(struct ikev2_dh_job *j)
{
	ikev2_dh_free(j->dj_dh);
	ikev2_blob_free(&j->dj_peer);
	ikev2_secret_free(&j->dj_gir);
	*j = (struct ikev2_dh_job){0};
}
