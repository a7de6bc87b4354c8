"""Checks of an applicant's identity and phone for the back office's registration form, with
the same rules and messages as the public form (public_forms.py holds them)."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

from gongkai.requests.public_forms import fold_width, id_number_problem, normalize_phone
from gongkai.requests.taxonomy import ApplicantType, IdKind


def squeeze(value: str) -> str:
    """Full-width to half-width, without spaces of any kind."""
    return re.sub(r"\s+", "", fold_width(value or ""))


def clean_id_number(kind: str, number: str, applicant_type: str = "") -> str:
    number = squeeze(number).upper()
    if not number:
        raise ValidationError("请填写证件号码。")
    person = applicant_type == ApplicantType.NATURAL_PERSON
    if applicant_type and kind == IdKind.RESIDENT_ID and not person:
        raise ValidationError("法人或其他组织请选择“统一社会信用代码”或“其他证件”。")
    if applicant_type and kind == IdKind.CREDIT_CODE and person:
        raise ValidationError("自然人请选择“居民身份证”或“其他证件”。")
    problem = id_number_problem(kind, number)
    if problem:
        raise ValidationError(problem)
    return number


def clean_phone(value: str) -> str:
    phone = squeeze(value)
    if not phone:
        raise ValidationError("请填写联系电话。")
    return normalize_phone(phone)
