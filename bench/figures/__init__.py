"""Figures, one module per app; every module in this package is loaded by the harness."""
