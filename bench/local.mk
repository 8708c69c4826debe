EXTRA_DIST += bench/README.md bench/config-load
