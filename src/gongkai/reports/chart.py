"""The comparison with last year on a report's public page, drawn by pygal (server-side SVG,
no script), served as an image with a text alternative that states the same figures."""

from __future__ import annotations

import pygal
from pygal.style import Style

from gongkai.reports import tables

BARS = (
    ("新收申请", "new"),
    ("予以公开", "disclosed"),
    ("部分公开", "partial"),
    ("不予公开", "group_3"),
    ("无法提供", "group_4"),
    ("不予处理", "group_5"),
    ("其他处理", "group_6"),
    ("结转下年度", "carried_out"),
)
STYLE = Style(
    font_family="'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif",
    colors=("#8c8c8c", "#b71c1c"),
    background="white",
    plot_background="white",
    title_font_size=16,
    label_font_size=13,
    major_label_font_size=13,
    legend_font_size=13,
    value_font_size=12,
)


def _values(data: tables.AnnualTables) -> list[int]:
    return [data.three.get(key, tables.TOTAL) for _, key in BARS]


def comparison_svg(
    unit_name: str, year: int, this: tables.AnnualTables, last: tables.AnnualTables | None
) -> str:
    chart = pygal.Bar(
        js=[],  # no script from anywhere: a plain picture
        disable_xml_declaration=True,
        width=720,
        height=360,
        style=STYLE,
        legend_at_bottom=True,
        print_values=True,
        x_label_rotation=0,
        show_y_guides=True,
    )
    # pygal names each chart with a random uuid and stamps today's date in a comment: a fixed
    # id and no comments make the same figures give the same bytes (HTTP caches, static export).
    chart.uuid = "report"
    chart.title = f"{unit_name}政府信息公开申请办理情况"
    chart.x_labels = [label for label, _ in BARS]
    if last is not None:
        chart.add(f"{year - 1}年", _values(last))
    chart.add(f"{year}年", _values(this))
    return _without_scripts(chart.render(is_unicode=True))


def _without_scripts(svg: str) -> str:
    """pygal embeds its tooltip configuration as a <script> even with js=[]: drop it, so the
    picture carries no script at all (an <img> would not run it, but a CSP should not see it)."""
    from lxml import etree

    root = etree.fromstring(svg.encode())
    for script in root.iter("{http://www.w3.org/2000/svg}script", "script"):
        script.getparent().remove(script)
    for comment in root.xpath("//comment()"):
        comment.getparent().remove(comment)
    return etree.tostring(root, encoding="unicode")


def comparison_text(year: int, this: tables.AnnualTables, last: tables.AnnualTables | None) -> str:
    """The chart's figures in words, for its alt text."""
    parts = []
    for (label, _), now, before in zip(
        BARS, _values(this), _values(last) if last else [None] * len(BARS), strict=True
    ):
        parts.append(
            f"{label}{now}件" + (f"（{year - 1}年{before}件）" if before is not None else "")
        )
    return f"{year}年" + "，".join(parts) + "。"
