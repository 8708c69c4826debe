# Unit tests and fuzz harnesses of the dataplane area (see tests/local.mk).
