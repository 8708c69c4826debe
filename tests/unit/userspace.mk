# Unit tests and fuzz harnesses of the userspace area (see tests/local.mk).
