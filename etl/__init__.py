"""ETL for MOFA meeting readouts: raw text in, validated data package out."""

__version__ = "0.1.0"

# Bump when extraction output changes for the same input: it keys the cache
# and is recorded in the `sources` table.
EXTRACTOR_VERSION = "1"
