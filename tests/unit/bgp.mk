# Unit tests and fuzz harnesses of the bgp area (see tests/local.mk).
