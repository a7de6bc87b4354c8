"""The chart of one choice question on a survey's results page: pygal server-side SVG with no
script (like reports/chart.py); the same numbers are in a table next to it."""

from __future__ import annotations

import pygal
from pygal.style import Style

from gongkai.interaction.surveys.services import QuestionResult
from gongkai.reports.chart import _without_scripts

# The reports' style with the portal's red for the one series, white figures on the bars.
STYLE = Style(
    font_family="'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif",
    colors=("#b71c1c",),
    value_colors=("white",),
    opacity="0.9",
    background="white",
    plot_background="white",
    label_font_size=13,
    major_label_font_size=13,
    value_font_size=13,
)


def question_svg(result: QuestionResult) -> str:
    options = result.options
    chart = pygal.HorizontalBar(
        js=[],
        disable_xml_declaration=True,
        width=720,
        height=max(160, 60 + 44 * len(options)),
        style=STYLE,
        show_legend=False,
        print_values=True,
        show_y_guides=False,
        truncate_label=-1,
    )
    # HorizontalBar draws the first label at the bottom; reversed reads top to bottom.
    chart.x_labels = [o.option for o in reversed(options)]
    chart.add("人数", [o.count for o in reversed(options)])
    return _without_scripts(chart.render(is_unicode=True))


def question_text(result: QuestionResult) -> str:
    parts = [f"{o.option}{o.count}人（{o.percent:g}%）" for o in result.options]
    return f"共{result.answered}人作答：" + "，".join(parts) + "。"
