# Developer entry points (tools/test, tools/lab), CI and the integration tests
# they run; shipped so that a release tarball can test itself.
EXTRA_DIST += tools/lib.sh tools/test tools/lab .ci/run \
	tests/integration/lib.bash tests/integration/daemon.sh tests/integration/interactive.sh \
	tests/integration/badinput.sh tests/integration/lab.sh
