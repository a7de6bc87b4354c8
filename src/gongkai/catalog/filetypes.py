"""Whether an uploaded file is what its name says, judged by its content (libmagic).

A file's extension is only what the uploader typed. A government site that hosts a
program renamed 通知.pdf, or a web page renamed 照片.jpg, spreads it with the government's
name on it. So every staff upload is read by libmagic (python-magic, the `file` command's
database) and must belong to the family of its extension. Families are generous where real
offices are messy: a .doc that is really a .docx, or an RTF saved as .doc, is accepted; an
executable, a web page or an SVG picture under any name is not.

Pure: no Django import (the forms call it).
"""

from __future__ import annotations

import magic

HEAD_BYTES = 64 * 1024  # libmagic reads the start; OOXML needs its first zip entries

OLE2 = frozenset(
    {
        "application/msword",
        "application/vnd.ms-excel",
        "application/vnd.ms-powerpoint",
        "application/vnd.ms-office",
        "application/CDFV2",
        "application/x-ole-storage",
    }
)
OOXML = frozenset(
    {
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "application/zip",  # an OOXML file whose [Content_Types].xml is not the first entry
    }
)
OFFICE = OLE2 | OOXML | {"text/rtf"}
TEXT = frozenset({"text/plain", "text/csv", "application/csv"})

# The content types each extension may have (settings.WAGTAILDOCS_EXTENSIONS lists the names).
ALLOWED: dict[str, frozenset[str]] = {
    "pdf": frozenset({"application/pdf"}),
    "ofd": frozenset({"application/zip"}),  # 版式文档 OFD (GB/T 33190) is a zip package
    **dict.fromkeys(("doc", "docx", "wps", "xls", "xlsx", "et", "ppt", "pptx"), OFFICE),
    "txt": TEXT,
    "csv": TEXT,
    "zip": frozenset({"application/zip"}),
    "rar": frozenset({"application/x-rar", "application/vnd.rar"}),
    "7z": frozenset({"application/x-7z-compressed"}),
    "jpg": frozenset({"image/jpeg"}),
    "jpeg": frozenset({"image/jpeg"}),
    "png": frozenset({"image/png"}),
}

# What a refused file most likely is, for the message.
_KNOWN = {
    "application/x-dosexec": "Windows 程序",
    "application/x-executable": "程序",
    "application/x-sharedlib": "程序",
    "text/html": "网页（HTML）",
    "image/svg+xml": "SVG 图形（可含脚本）",
    "text/xml": "XML 文件",
    "application/javascript": "脚本",
    "text/x-shellscript": "脚本",
    "text/x-python": "脚本",
    "image/gif": "GIF 图片",
    "image/webp": "WebP 图片",
    "application/pdf": "PDF 文件",
    "image/jpeg": "JPEG 图片",
    "image/png": "PNG 图片",
    "application/zip": "ZIP 压缩包",
}

_detector: magic.Magic | None = None


def content_type(head: bytes) -> str:
    """libmagic's MIME type of a file's first bytes."""
    global _detector
    if _detector is None:
        _detector = magic.Magic(mime=True)
    return _detector.from_buffer(head[:HEAD_BYTES])


def problem(filename: str, head: bytes) -> str | None:
    """Why a file may not be uploaded under this name (Chinese), or None when it may."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    allowed = ALLOWED.get(extension)
    if allowed is None:
        return f"不接受扩展名为“.{extension}”的文件。" if extension else "文件名缺少扩展名。"
    found = content_type(head)
    if found == "application/x-empty":
        return "文件是空的（0 字节），请检查后重新上传。"
    if extension in ("txt", "csv") and found.startswith("text/") and found not in _KNOWN:
        return None  # any plain text (libmagic names some texts oddly); served as text/plain
    if found in allowed:
        return None
    what = _KNOWN.get(found, f"其他类型（{found}）")
    return (
        f"文件“{filename}”的扩展名是 .{extension}，但内容是{what}，两者不符。"
        "请上传真实的文件，不要只改扩展名。"
    )
