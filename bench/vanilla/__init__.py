"""Settings for vanilla Pelican, the baseline of measure (b)."""
