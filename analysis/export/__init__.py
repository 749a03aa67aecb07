"""Research exports: anonymized CSVs, a Frictionless codebook, summary and pre/post.

Use make_export / write_export / build_zip; nothing here imports Streamlit.
The data comes from analysis.dataset; the steps are anonymize (text and
k-anonymity primitives), steps (applied to a dataset), columns and tables
(what each file holds), codebook, summary, report and spss.
"""

from analysis.dataset import Dataset, ExportError, Item, Missing, Record, load

from .build import FORMATS, Export, ExportOptions, build_zip, make_export, write_export, zip_bytes

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
    "load",
    "make_export",
    "write_export",
    "zip_bytes",
]
