"""Load testing: a large, realistic dataset (`seed_load_data`) and the benchmark that drives the
site with it (`make bench`; see docs/performance.md)."""
