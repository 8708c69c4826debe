# Unit tests and fuzz harnesses of the ike area (see tests/local.mk).
