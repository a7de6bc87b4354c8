"""Answered public messages (留言) are found by the site search, masked as the public reads
them; a message nobody may read is never found, and one taken off the list leaves the index.

The messages app tells the index after commit (public_changed is sent from on_commit), so each
step a citizen or the staff takes runs inside django_capture_on_commit_callbacks(execute=True),
which runs those callbacks as a real commit would.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.utils import timezone

from gongkai.interaction.messages import services as messages
from gongkai.interaction.messages.models import MessageKind, MessageReply
from gongkai.search import services
from gongkai.search.entries import Kind

NAME = "王建华"
PHONE = "13993541234"
ID_NUMBER = "620321198001011239"  # a valid check digit: the scanner masks it
SUBJECT = f"{NAME}：金川路小区供暖温度不达标"
TEXT = (
    f"我是金川路小区住户{NAME}，家里暖气只有十二度，老人孩子受不了。"
    f"电话{PHONE}，身份证号{ID_NUMBER}。"
)
REPLY = (
    "经现场测温，该小区因管网阀门故障温度偏低，供热公司已于当日更换阀门，室温已恢复到十八度以上。"
)


def keys(text: str, **params: str) -> list[str]:
    return [item.hit.key for item in services.search(text, params, per_page=50).hits]


def page(client, **params: str) -> str:
    response = client.get("/search/", params)
    assert response.status_code == 200
    return response.content.decode()


def publish_reply(message, text: str = REPLY) -> MessageReply:
    """The reviewed reply goes out, as the last review level's approval does it."""
    reply = MessageReply(message=message, text=text, live=False)
    reply.save()
    reply.save_revision().publish(skip_permission_checks=True)
    return reply


@pytest.fixture
def submit(edu, django_capture_on_commit_callbacks):
    def make(*, subject: str = SUBJECT, text: str = TEXT, reply: str | None = REPLY, **fields):
        fields = {
            "unit": edu,
            "kind": MessageKind.COMPLAINT,
            "name": NAME,
            "phone": PHONE,
            **fields,
        }
        with django_capture_on_commit_callbacks(execute=True):
            message = messages.submit(subject=subject, text=text, **fields)
            if reply is not None:
                publish_reply(message, reply)
        message.refresh_from_db()
        return message

    return make


@pytest.fixture
def answered(submit):
    return submit()


def test_an_answered_message_is_found_and_shown_with_its_unit_date_and_snippet(client, answered):
    key = f"{Kind.MESSAGE}:{answered.pk}"
    assert keys("供暖温度") == [key]
    assert keys("管网阀门") == [key]  # words of the reply
    assert keys("留言 供暖") == [key]  # "留言" and the kind (投诉) are searchable too
    html = page(client, q="供暖温度")
    assert "找到 1 条" in html
    assert f'href="/messages/{answered.pk}/"' in html
    assert '<span class="tag">留言</span> 永昌县教育局' in html
    assert f"答复 {timezone.localdate().isoformat()}" in html
    assert "王**：金川路小区<mark>供暖温度</mark>不达标" in html  # the masked subject as title
    html = page(client, q="阀门故障")
    assert "<mark>阀门故障</mark>" in html  # a snippet of the reply, on either backend
    html = page(client, q="供暖温度", kind="message")
    assert 'aria-current="true">留言<span class="n">1</span>' in html  # the kind's tab


def test_only_the_masked_text_is_searchable(client, answered):
    key = f"{Kind.MESSAGE}:{answered.pk}"
    assert keys("金川路小区供暖温度不达标") == [key]  # the masked subject
    assert keys("王**") == [key]  # what the public reads of the name
    for secret in (PHONE, NAME, ID_NUMBER, "19800101"):
        assert keys(secret) == [], secret
        html = page(client, q=secret)
        assert f'href="/messages/{answered.pk}/"' not in html, secret
    html = page(client, q="供暖温度")
    for secret in (PHONE, NAME, ID_NUMBER):
        assert secret not in html, secret
    assert "139****1234" in page(client, q="暖气")  # the snippet is the masked text


def test_a_withheld_message_leaves_the_index(client, answered, django_capture_on_commit_callbacks):
    assert keys("供暖温度") == [f"{Kind.MESSAGE}:{answered.pk}"]
    with django_capture_on_commit_callbacks(execute=True):
        messages.withhold(answered, user=None, reason="留言人来电要求不公开。")
    assert keys("供暖温度") == []
    assert "没有找到与“供暖温度”有关的结果" in page(client, q="供暖温度")


def test_open_private_and_in_review_messages_are_never_found(submit):
    submit(subject="城区供暖什么时候开始", text="今年城区集中供暖什么时候开始？", reply=None)
    submit(
        subject="耕地地力保护补贴发放时间",
        text="请问今年的耕地地力保护补贴什么时候发放？",
        reply="已于本月通过一卡通发放到户。",
        public=False,
    )
    draft = submit(subject="学前教育资助如何申请", text="孩子上幼儿园能申请资助吗？", reply=None)
    reply = MessageReply(message=draft, text="可向就读幼儿园提出申请。", live=False)
    reply.save()
    reply.save_revision()  # waiting in review
    for text in ("城区供暖", "耕地地力保护补贴", "一卡通", "学前教育资助", "就读幼儿园"):
        assert keys(text) == [], text
    assert services.search("留言", {"kind": "message"}).total == 0


def test_a_corrected_reply_replaces_the_old_text_and_an_unpublished_one_leaves(answered):
    key = f"{Kind.MESSAGE}:{answered.pk}"
    reply = answered.reply
    reply.text = "经现场测温，该小区因换热站水泵故障温度偏低，已维修，室温已恢复。"
    reply.save_revision().publish(skip_permission_checks=True)
    assert keys("换热站水泵") == [key]
    assert keys("管网阀门") == []
    reply.unpublish()
    assert keys("供暖温度") == []


def test_a_renamed_unit_is_found_with_its_messages(edu, answered):
    edu.name = "永昌县教育和体育局"
    edu.save()
    assert keys("教育和体育局 供暖温度") == [f"{Kind.MESSAGE}:{answered.pk}"]


def test_reindex_includes_messages_and_check_notices_when_they_are_not_in_step(answered, capsys):
    key = f"{Kind.MESSAGE}:{answered.pk}"
    module, raw = services.backend(), services._raw()
    module.clear(raw)
    assert keys("供暖温度") == []
    call_command("reindex")
    assert "留言 1 条" in capsys.readouterr().out
    assert keys("供暖温度") == [key]
    call_command("reindex", "--check")
    assert "索引是最新的" in capsys.readouterr().out

    # An index built before 留言 were searchable (no record of its kinds) needs a rebuild.
    module.set_meta(raw, services.CONTENTS, "document leader body unit guide")
    with pytest.raises(SystemExit) as exit_info:
        call_command("reindex", "--check")
    assert exit_info.value.code == 1
    call_command("reindex")
    capsys.readouterr()

    # A public message the index never heard of, or an indexed one no longer public.
    module.remove(raw, [key])
    with pytest.raises(SystemExit) as exit_info:
        call_command("reindex", "--check")
    assert exit_info.value.code == 1
    assert "留言与公开列表不一致 1 条" in capsys.readouterr().out
    call_command("reindex")
    assert keys("供暖温度") == [key]
