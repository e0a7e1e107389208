"""Speed of printing the year's 《党支部工作记录》 for a 300-member branch (its year holds about
375 records: group meetings, committee meetings, theme days, 谈心谈话 …).

Two fresh processes, timed as whole processes, alternately, three times each:
- the book: ``branchbook --db DB print workbook --year Y -o book.pdf``;
- the floor: reportlab alone laying out the same text (extracted from the book) as plain
  paragraphs with the same font, A4 and CJK wrapping (``bench_print.py bare TEXT OUT``).

Targets: the book in under 3 s on the 2-core reference machine, and within 1.5x the floor.
Prints the medians, the ratio and whether each target was met; exits 1 when one was not.

    python bench/bench_print.py [--db EXISTING.sqlite --year Y]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BOOK_TARGET_S = 3.0
RATIO_TARGET = 1.5
TODAY = "2026-11-27"


def bare(text_file: str, out: str) -> None:
    """The floor: the same text, paragraphs only, same font, A4, CJK wrap; nothing else."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

    from app.common import paths

    pdfmetrics.registerFont(TTFont("F", str(paths.font_path()), subfontIndex=0))
    style = ParagraphStyle("b", fontName="F", fontSize=10.5, leading=17, wordWrap="CJK")
    story = []
    for page in Path(text_file).read_text(encoding="utf-8").split("\f"):
        story += [Paragraph(line, style) for line in page.splitlines() if line.strip()]
        story.append(PageBreak())
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=20 * mm,
                            bottomMargin=20 * mm, invariant=1)
    doc.build(story)


def _time(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db")
    parser.add_argument("--year", type=int, default=int(TODAY[:4]) - 1)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    from xml.sax.saxutils import escape

    from pypdf import PdfReader

    branchbook = [sys.executable, "-m", "ui", "--today", TODAY]
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(args.db) if args.db else Path(tmp) / "bench.sqlite"
        if not args.db:
            started = time.perf_counter()
            subprocess.run([*branchbook, "demo", "create", str(db), "--members", "300", "--years", "2"],
                           check=True, stdout=subprocess.DEVNULL)
            print(f"(building 300 members and 2 years took {time.perf_counter() - started:.1f} s)")
        book, floor, text = Path(tmp) / "book.pdf", Path(tmp) / "bare.pdf", Path(tmp) / "text.txt"
        book_cmd = [*branchbook, "--db", str(db), "print", "workbook", "--year", str(args.year), "-o", str(book)]
        subprocess.run(book_cmd, check=True, stdout=subprocess.DEVNULL)  # also warms the file cache
        pages = PdfReader(book).pages
        text.write_text("\f".join(escape(p.extract_text()) for p in pages), encoding="utf-8")
        bare_cmd = [sys.executable, __file__, "bare", str(text), str(floor)]
        mine, base = [], []
        for _ in range(args.runs):
            mine.append(_time(book_cmd))
            base.append(_time(bare_cmd))
        m, b = statistics.median(mine), statistics.median(base)
        ratio = statistics.median(x / y for x, y in zip(mine, base, strict=True))
        print(f"work record {args.year}: {len(pages)} pages, {len(text.read_text(encoding='utf-8'))} characters")
        print(f"{'book (whole process)':26} {m:7.2f} s   target < {BOOK_TARGET_S} s   "
              f"{'OK' if m < BOOK_TARGET_S else 'SLOW'}")
        print(f"{'bare reportlab (floor)':26} {b:7.2f} s   ({len(PdfReader(floor).pages)} pages)")
        print(f"{'ratio book / floor':26} {ratio:7.2f}     target <= {RATIO_TARGET}   "
              f"{'OK' if ratio <= RATIO_TARGET else 'SLOW'}")
        return 0 if m < BOOK_TARGET_S and ratio <= RATIO_TARGET else 1


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "bare":
        bare(sys.argv[2], sys.argv[3])
        sys.exit(0)
    sys.exit(main(sys.argv[1:]))
