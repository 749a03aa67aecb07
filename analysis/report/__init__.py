"""A session report: one self-contained HTML file (and a PDF where Chromium is available)."""

from analysis.report.content import ReportContent, ReportError, build
from analysis.report.html import filename, render
from analysis.report.language import default_language
from analysis.report.pdf import PdfError, html_to_pdf

__all__ = [
    "PdfError",
    "ReportContent",
    "ReportError",
    "build",
    "default_language",
    "filename",
    "html_to_pdf",
    "render",
]
