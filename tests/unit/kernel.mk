# Unit tests and fuzz harnesses of the kernel area (see tests/local.mk).
