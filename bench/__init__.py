"""Benchmarks: `python -m bench` measures every registered figure against its target.

A figure is a function returning one number, registered with `@figure` from
`bench.harness`; each app adds its own in `bench/figures/<app>.py`.
"""
