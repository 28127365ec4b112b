"""PDF reader throughput: pages per second of ``ingest.readers.pdf`` (reading only, no
interpretation). ``python -m bench.pdf FILE.pdf …``"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from ingest.catalogue import load_catalogue
from ingest.readers.pdf import read_pdf


def pdf_throughput(paths: list[str], repeat: int = 1) -> dict[str, float]:
    """``{"pages": …, "seconds": …, "pages_per_s": …, "mb": …}`` of reading ``paths``."""
    catalogue = load_catalogue()
    blobs = [Path(p).read_bytes() for p in paths]
    pages = 0
    started = time.perf_counter()
    for _ in range(repeat):
        for data, path in zip(blobs, paths, strict=True):
            pages += len(read_pdf(data, str(path), catalogue).pages)
    seconds = time.perf_counter() - started
    return {"pages": pages, "seconds": seconds, "pages_per_s": pages / seconds if seconds else 0.0,
            "mb": sum(len(b) for b in blobs) * repeat / 1e6}


if __name__ == "__main__":
    result = pdf_throughput(sys.argv[1:])
    print(f"{result['pages']} pages in {result['seconds']:.2f} s: "
          f"{result['pages_per_s']:.1f} pages/s ({result['mb']:.1f} MB)")
