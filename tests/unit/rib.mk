# Unit tests and fuzz harnesses of the rib area (see tests/local.mk).
