"""iolib benchmarks: each ``bench_*`` module measures iolib against a peer in one run."""
