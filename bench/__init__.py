"""Benchmarks: `invoke bench` (bench.run) and the per-chart cost (bench.chart_cost)."""
