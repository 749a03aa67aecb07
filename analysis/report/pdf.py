"""PDF from the report's HTML by headless Chromium's print-to-pdf (the same print CSS a
person gets from a browser). Chromium is a maintained, offline renderer that many machines
already have; WeasyPrint would need Pango/cairo system libraries and renders SVG text less
faithfully. When no Chromium is found, the HTML is the artefact: print it from a browser.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from workshop.config import settings
from workshop.errors import WorkshopError
from workshop.i18n import _

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
TIMEOUT_SECONDS = 120
# Keep a headless Chromium from phoning home while it prints a local file.
QUIET = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-sync",
    "--no-first-run",
    "--no-pdf-header-footer",
    "--host-resolver-rules=MAP * ~NOTFOUND",  # nothing resolves: no request can leave
)


class PdfError(WorkshopError):
    """No PDF could be made; the message says what to do instead."""


def find_chromium() -> str | None:
    configured = settings().chromium
    if configured:
        return configured
    return next((found for name in CANDIDATES if (found := shutil.which(name))), None)


def html_to_pdf(html: str, out: Path) -> None:
    browser = find_chromium()
    if browser is None:
        raise PdfError(
            _(
                "No Chromium was found to make the PDF. Open the HTML report in a browser and "
                "print it to PDF, or install chromium (or set WORKSHOP_CHROMIUM to its path)."
            )
        )
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "report.html"
        page.write_text(html, encoding="utf-8")
        target = Path(folder) / "report.pdf"
        try:
            subprocess.run(
                [
                    browser,
                    *QUIET,
                    f"--user-data-dir={folder}/profile",
                    f"--print-to-pdf={target}",
                    page.as_uri(),
                ],
                check=True,
                capture_output=True,
                timeout=TIMEOUT_SECONDS,
            )
        except (OSError, subprocess.SubprocessError) as exc:
            raise PdfError(
                _(
                    "Chromium could not print the report ({reason}). Open the HTML report in a "
                    "browser and print it to PDF instead."
                ).format(reason=exc)
            ) from exc
        if not target.exists() or target.stat().st_size == 0:
            raise PdfError(
                _("Chromium wrote no PDF. Print the HTML report from a browser instead.")
            )
        out.write_bytes(target.read_bytes())
