"""Text of an uploaded file (PDF, DOCX, XLSX, TXT, HTML), for the scanner gate to read.

Everything a reader of the published file could see is extracted, not just the body: a
secrecy marking is often in a Word header, a text box or a hidden worksheet. Headers come
first, so that a marking in them lands at the top of the text, where it stands on paper.
Table rows become one line with cells separated by tabs, which keeps a name and the ID number
in the same row together for the scanner.

A file that cannot be read raises ExtractionError with a reason code and a message in Chinese
(for users) and English (for the CLI). The gate never passes what it could not read: an
encrypted file or a PDF without a text layer (a scan) is an error, not an empty text.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import unicodedata
import zipfile
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

from lxml import etree

from gongkai.publishing.scanner import html_to_text

KINDS_BY_EXTENSION = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".docm": "docx",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".txt": "text",
    ".text": "text",
    ".csv": "text",
    ".md": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
}
_LEGACY = {".doc", ".xls", ".wps", ".et", ".ppt", ".dps"}
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy Office files, and encrypted DOCX/XLSX
_NAMES = {"pdf": "PDF", "docx": "DOCX", "xlsx": "XLSX", "text": "文本", "html": "HTML"}


class ExtractionError(Exception):
    """A file could not be read. ``code``: missing, unsupported, legacy, encrypted, corrupt,
    no_text or not_text; ``message_zh`` for users, ``message_en`` for the CLI."""

    def __init__(self, code: str, message_zh: str, message_en: str) -> None:
        super().__init__(message_zh)
        self.code = code
        self.message_zh = message_zh
        self.message_en = message_en


def extract_text(source: str | os.PathLike[str] | bytes, filename: str | None = None) -> str:
    """The text of a file given by path, or by its bytes and name (the name gives the type)."""
    if isinstance(source, bytes):
        if not filename:
            raise TypeError("extract_text(bytes) needs the file name to know its type")
        data, name = source, filename
    else:
        path = Path(source)
        name = filename or path.name
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise ExtractionError(
                "missing", f"找不到文件：{path}", f"file not found: {path}"
            ) from None
        except OSError as e:
            raise ExtractionError(
                "missing",
                f"无法读取文件：{path}（{e.strerror}）",
                f"cannot read {path}: {e.strerror}",
            ) from None
    kind = _kind(data, name)
    if kind == "pdf":
        return _pdf_text(data)
    if kind == "docx":
        return _docx_text(data)
    if kind == "xlsx":
        return _xlsx_text(data)
    text = _decode(data)
    return html_to_text(text) if kind == "html" else text


def _kind(data: bytes, name: str) -> str:
    ext = Path(name).suffix.lower()
    if ext in _LEGACY or (
        data.startswith(_OLE_MAGIC) and ext in {".docx", ".docm", ".xlsx", ".xlsm"}
    ):
        if data.startswith(_OLE_MAGIC) and ext not in _LEGACY:
            raise ExtractionError(
                "encrypted",
                f"《{name}》已加密（设置了打开密码），无法检查内容，请上传未加密的文件。",
                f"{name} is encrypted (password to open); upload an unencrypted file",
            )
        raise ExtractionError(
            "legacy",
            f"《{name}》是旧版 Office/WPS 格式（{ext}），无法检查内容，请另存为 DOCX、XLSX 或 PDF 后再上传。",
            f"{name} is a legacy Office/WPS file ({ext}); save it as DOCX, XLSX or PDF",
        )
    if ext in KINDS_BY_EXTENSION:
        return KINDS_BY_EXTENSION[ext]
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK"):
        try:
            names = set(zipfile.ZipFile(BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            names = set()
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
    raise ExtractionError(
        "unsupported",
        f"不支持的文件格式：《{name}》（可检查 PDF、DOCX、XLSX、TXT、HTML）。",
        f"unsupported file type: {name} (PDF, DOCX, XLSX, TXT and HTML can be checked)",
    )


def _corrupt(name: str) -> ExtractionError:
    return ExtractionError(
        "corrupt",
        f"文件已损坏或不是有效的 {_NAMES[name]} 文件，无法检查内容。",
        f"the file is damaged or not a valid {_NAMES[name]} file",
    )


# --- text and HTML -----------------------------------------------------------------------------
def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with a BOM, else GB18030 (which covers GBK/GB2312)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
    elif b"\x00" in data:
        raise ExtractionError(
            "not_text", "文件不是文本文件，无法检查。", "the file is not a text file"
        )
    else:
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise ExtractionError(
                "not_text",
                "文件既不是 UTF-8 也不是 GB18030 编码的文本，无法检查。",
                "the file is neither UTF-8 nor GB18030 text",
            )
    return text.replace("\r\n", "\n").replace("\r", "\n")


# --- PDF ---------------------------------------------------------------------------------------
def _pdf_text(data: bytes) -> str:
    from pypdf import PasswordType, PdfReader
    from pypdf.errors import PyPdfError

    try:
        with _quiet("pypdf"):
            reader = PdfReader(BytesIO(data))
            if reader.is_encrypted:
                # Most "protected" PDFs only have an owner password (no printing, no copying):
                # they open with an empty user password. A real open password is not guessed.
                try:
                    opened = reader.decrypt("") != PasswordType.NOT_DECRYPTED
                except (PyPdfError, NotImplementedError):
                    opened = False
                if not opened:
                    raise ExtractionError(
                        "encrypted",
                        "PDF 文件设置了打开密码，无法检查内容，请上传未加密的文件。",
                        "the PDF needs a password to open; upload an unencrypted file",
                    )
            pages = [(page.extract_text() or "").rstrip("\n") for page in reader.pages]
    except ExtractionError:
        raise
    except Exception as e:  # pypdf raises many kinds of errors on damaged files
        raise _corrupt("pdf") from e
    text = _fold_radicals("\n".join(pages))
    if pages and not text.strip():
        raise ExtractionError(
            "no_text",
            "PDF 中没有可提取的文字（可能是扫描件），无法自动检查，请上传带文字层的 PDF 或人工审查。",
            "no text could be extracted from the PDF (a scanned image?); it cannot be checked",
        )
    return text


@contextlib.contextmanager
def _quiet(logger_name: str) -> Iterator[None]:
    """pypdf logs a warning for every oddity of a damaged file; the error we raise says enough."""
    logger = logging.getLogger(logger_name)
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def _fold_radicals(text: str) -> str:
    """PDF fonts often map ideographs to Kangxi radicals or compatibility ideographs (⼈ for 人)."""

    def fold(ch: str) -> str:
        cp = ord(ch)
        if 0x2E80 <= cp <= 0x2FDF or 0xF900 <= cp <= 0xFAFF:
            return unicodedata.normalize("NFKC", ch)
        return ch

    return "".join(fold(ch) for ch in text)


# --- DOCX --------------------------------------------------------------------------------------
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_SKIP = {_W + "pPr", _W + "rPr", _W + "del", _W + "delText", _W + "instrText", _MC_FALLBACK}
_PARTS_BEFORE = ("header+xml",)
_PARTS_AFTER = ("footnotes+xml", "endnotes+xml", "comments+xml", "footer+xml")
_XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def _docx_text(data: bytes) -> str:
    import docx

    try:
        document = docx.Document(BytesIO(data))
        parts = list(document.part.package.iter_parts())
        main = document.part
        before = [p for p in parts if p.content_type.endswith(_PARTS_BEFORE)]
        after = [p for suffix in _PARTS_AFTER for p in parts if p.content_type.endswith(suffix)]
        lines: list[str] = []
        for part in [*before, main, *after]:
            element = getattr(part, "element", None)
            if element is None:
                element = etree.fromstring(part.blob, _XML_PARSER)
            _docx_blocks(element, lines)
    except Exception as e:  # python-docx, zipfile and lxml errors on damaged files
        raise _corrupt("docx") from e
    return "\n".join(lines)


def _docx_blocks(element: etree._Element, lines: list[str]) -> None:
    """Paragraphs as lines and table rows as tab-separated lines, in document order."""
    for child in element:
        tag = child.tag
        if tag == _W + "p":
            text, boxes = _docx_paragraph(child)
            lines.append(text)
            for box in boxes:
                _docx_blocks(box, lines)
        elif tag == _W + "tbl":
            for row in child.iterchildren(_W + "tr"):
                cells = []
                for cell in row.iterchildren(_W + "tc"):
                    cell_lines: list[str] = []
                    _docx_blocks(cell, cell_lines)
                    cells.append(" ".join(s.strip() for s in cell_lines if s.strip()))
                lines.append("\t".join(cells))
        elif tag not in _SKIP and tag != _W + "sectPr":
            _docx_blocks(child, lines)


def _docx_paragraph(p: etree._Element) -> tuple[str, list[etree._Element]]:
    parts: list[str] = []
    boxes: list[etree._Element] = []

    def walk(element: etree._Element) -> None:
        for child in element:
            tag = child.tag
            if tag in _SKIP:
                continue
            if tag == _W + "t":
                parts.append(child.text or "")
            elif tag == _W + "tab":
                parts.append("\t")
            elif tag in (_W + "br", _W + "cr"):
                parts.append("\n")
            elif tag == _W + "noBreakHyphen":
                parts.append("-")
            elif tag == _W + "txbxContent":
                boxes.append(child)  # a text box: its paragraphs follow as lines of their own
            else:
                walk(child)

    walk(p)
    return "".join(parts), boxes


# --- XLSX --------------------------------------------------------------------------------------
def _xlsx_text(data: bytes) -> str:
    from openpyxl import load_workbook

    try:
        # Not read_only: that mode does not load headers, footers or comments.
        workbook = load_workbook(BytesIO(data), data_only=True)
        lines: list[str] = []
        for sheet in workbook.worksheets:  # hidden sheets too: they are in the published file
            lines.append(sheet.title)
            lines.extend(_xlsx_header_footer(sheet))
            for row in sheet.iter_rows():
                cells = [_cell_text(c.value) for c in row]
                while cells and not cells[-1]:
                    cells.pop()
                if cells:
                    lines.append("\t".join(cells))
                lines.extend(
                    c.comment.text for c in row if c.comment is not None and c.comment.text
                )
    except Exception as e:  # zipfile, KeyError and XML errors on damaged files
        raise _corrupt("xlsx") from e
    return "\n".join(lines)


def _xlsx_header_footer(sheet: object) -> Iterator[str]:
    for attr in (
        "oddHeader",
        "evenHeader",
        "firstHeader",
        "oddFooter",
        "evenFooter",
        "firstFooter",
    ):
        hf = getattr(sheet, attr, None)
        for side in ("left", "center", "right"):
            text = getattr(getattr(hf, side, None), "text", None)
            if text:
                yield text


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value).replace("\r\n", "\n").replace("\n", " ")
