"""Research exports: anonymized CSVs, a Frictionless codebook, summary and pre/post.

Use make_export / write_export / build_zip; nothing here imports Streamlit.
"""

from .build import (
    FORMATS,
    Export,
    ExportOptions,
    build_zip,
    effective_k,
    make_export,
    prepost_results,
    write_export,
    zip_bytes,
)
from .data import ExportError, load
from .model import Dataset, Item, Missing, Record

__all__ = [
    "FORMATS",
    "Dataset",
    "Export",
    "ExportError",
    "ExportOptions",
    "Item",
    "Missing",
    "Record",
    "build_zip",
    "effective_k",
    "load",
    "make_export",
    "prepost_results",
    "write_export",
    "zip_bytes",
]
