"""The public forms of 依申请公开: the request form (条例第二十九条) and the status look-up.

Art. 29 asks for the applicant's name, ID and contact details, a description of the
information, and the preferred form of provision. Decisions taken here:

* Applicant types are exactly the annual report's columns (taxonomy.ApplicantType).
* A natural person gives a 居民身份证 number (checked by its GB 11643 check character) or
  chooses 其他证件 (passport, 港澳台 permits …); a 统一社会信用代码 is refused for a person.
  An organisation gives its 统一社会信用代码 (checked by its GB 32100 check character), or
  chooses 其他证件 for the few without one (foreign organisations, bodies registered before
  2015 that were never re-coded); a resident ID is refused for an organisation, because the
  code identifies the organisation and a person's ID would be personal data it need not give.
* Phone: a mainland mobile number (11 digits, ``+86`` allowed) or a landline with its area
  code, without an extension, so that its last 4 digits can serve as the status verifier.
* An e-mail address is required when the information is to be sent by e-mail (as 载体 or
  as 途径); a postal address when it is to be posted.
* Every field has a limit, and going over it is an error with the count, never a silent cut:
  the HTML has no ``maxlength`` (which silently truncates a paste).
* Full-width digits and letters (common with Chinese input methods) and spaces are folded
  before the ID, phone and e-mail are checked; invisible control characters are dropped.
"""

from __future__ import annotations

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError

from gongkai.orgs.models import Unit, UnitKind
from gongkai.publishing.scanner import credit_code_is_valid, resident_id_is_valid
from gongkai.requests.taxonomy import ApplicantType, Delivery, IdKind, PreferredForm

# Units that take requests under the 条例: administrative organs. Communities (村/居委会) are
# self-governing bodies and public enterprises disclose under their own rules
# (国办发〔2020〕50号), so neither gets a request form.
ACCEPTING_KINDS = (UnitKind.COUNTY, UnitKind.DEPARTMENT, UnitKind.TOWNSHIP)

ORGANISATION_TYPES = [t for t in ApplicantType if t != ApplicantType.NATURAL_PERSON]

_FULL_WIDTH = {chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}
_FULL_WIDTH["\u3000"] = " "
_FOLD = str.maketrans(_FULL_WIDTH)
_SPACES = re.compile(r"\s+")


def fold_width(text: str) -> str:
    """Full-width ASCII (０-９, Ａ-Ｚ, ＠, －, the ideographic space) → ASCII."""
    return text.translate(_FOLD)


def drop_controls(text: str, *, multiline: bool) -> str:
    """Remove control and format characters nobody means to type (NUL, BEL, ZWSP, bidi marks).

    Line breaks are kept in multi-line fields (as ``\\n``) and become spaces in one-line ones.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    out = []
    for ch in text:
        if ch in "\n\t":
            out.append(ch if multiline else " ")
        elif unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn"):
            continue
        else:
            out.append(ch)
    return "".join(out)


def mask_name(name: str) -> str:
    """张三丰 → 张**: enough for the applicant to recognise, nothing for anyone else."""
    name = name.strip()
    return f"{name[:1]}**" if name else ""


# -- fields ---------------------------------------------------------------------------------


class TextField(forms.CharField):
    """A text field with Chinese length messages, no ``maxlength`` and no control characters."""

    def __init__(self, *, min_chars: int = 0, max_chars: int, multiline: bool = False, **kwargs):
        self.min_chars, self.max_chars, self.multiline = min_chars, max_chars, multiline
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 6}) if multiline else None)
        if kwargs["widget"] is None:
            del kwargs["widget"]
        super().__init__(**kwargs)

    def to_python(self, value):
        value = drop_controls(str(value) if value is not None else "", multiline=self.multiline)
        if not self.multiline:
            value = _SPACES.sub(" ", value)
        return super().to_python(value)

    def validate(self, value):
        super().validate(value)
        for code, bad, limit in (
            ("max_chars", value and len(value) > self.max_chars, self.max_chars),
            ("min_chars", value and len(value) < self.min_chars, self.min_chars),
        ):
            if bad:
                default = (
                    "{label}最多{limit}个字，您填写了{count}个字。"
                    if code == "max_chars"
                    else "{label}至少需要{limit}个字，您填写了{count}个字。"
                )
                message = self.error_messages.get(code, default)
                raise ValidationError(
                    message.format(label=self.label, limit=limit, count=len(value)), code=code
                )


class CompactField(TextField):
    """Numbers people type with spaces and full-width digits: ID, phone."""

    def to_python(self, value):
        value = fold_width(str(value) if value is not None else "")
        return "".join(super().to_python(value).split()).upper()


class FoldedEmailField(forms.EmailField):
    def to_python(self, value):
        value = fold_width(drop_controls(str(value or ""), multiline=False))
        return super().to_python("".join(value.split()))

    def validate(self, value):
        super().validate(value)
        if value and len(value) > 254:
            raise ValidationError(f"电子邮箱最多254个字符，您填写了{len(value)}个。")


def radios(choices, required_message: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": required_message, "invalid_choice": required_message},
    )


# -- phone ----------------------------------------------------------------------------------

_MOBILE = re.compile(r"(?:\+?86)?(1[3-9]\d{9})")
_LANDLINE = re.compile(r"(0(?:[12]\d|[3-9]\d{2}))-?([2-9]\d{6,7})")


def normalize_phone(text: str) -> str:
    """``+86 139-1234-5678`` → ``13912345678``; ``(0935)7521234`` → ``0935-7521234``.

    Raises ValidationError with the reason in Chinese.
    """
    compact = text.replace("(", "").replace(")", "")
    digits_only = compact.replace("-", "")
    if match := _MOBILE.fullmatch(digits_only):
        return match.group(1)
    if match := _LANDLINE.fullmatch(compact):
        return f"{match.group(1)}-{match.group(2)}"
    if match := _LANDLINE.fullmatch(digits_only):
        return f"{match.group(1)}-{match.group(2)}"
    if re.fullmatch(r"[2-9]\d{6,7}", digits_only):
        raise ValidationError("固定电话请加区号，如 0935-7521234。")
    if re.fullmatch(r"1\d*", digits_only) and len(digits_only) != 11:
        raise ValidationError(f"手机号码应为11位，您填写了{len(digits_only)}位。")
    if any(sep in text for sep in ("转", "EXT", "#", ",", "，")):
        raise ValidationError("请填写可以直接接通的号码，不含分机号。")
    raise ValidationError(
        "联系电话格式不正确，请填写11位手机号码或带区号的固定电话，如 13912345678 或 0935-7521234。"
    )


# -- the request form -----------------------------------------------------------------------

APPLICANT_TYPE_MESSAGE = "请选择申请人类型：自然人，或法人或其他组织中的一类。"


class AccessibleForm(forms.Form):
    """A public form whose errors are announced next to each field and in a summary.

    The server says what is missing, in Chinese and next to the field; the browser's own
    "required" bubble would stop the form first, in the browser's language, and ``maxlength``
    would cut a paste silently, so neither is rendered.
    """

    RADIO_FIELDS: tuple[str, ...] = ()
    use_required_attribute = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.pop("maxlength", None)
            field.widget.attrs.pop("minlength", None)
        self._describe()

    def _describe(self) -> None:
        """aria-describedby (hint, error) and aria-invalid on the text inputs."""
        errors = self._errors or {}
        for name, field in self.fields.items():
            if name in self.RADIO_FIELDS:
                continue
            ids = []
            if field.help_text:
                ids.append(f"id_{name}-hint")
            if name in errors:
                ids.append(f"id_{name}-error")
                field.widget.attrs["aria-invalid"] = "true"
            else:
                field.widget.attrs.pop("aria-invalid", None)
            if ids:
                field.widget.attrs["aria-describedby"] = " ".join(ids)
            else:
                field.widget.attrs.pop("aria-describedby", None)

    def full_clean(self):
        super().full_clean()
        self._describe()

    def error_links(self) -> list[tuple[str, str]]:
        """The error summary: (anchor, message) in the order of the form."""
        links = [("#form-top", str(e)) for e in self.non_field_errors()]
        for name in self.fields:
            if name in self.errors:
                anchor = f"#id_{name}_0" if name in self.RADIO_FIELDS else f"#id_{name}"
                links.append((anchor, str(self.errors[name][0])))
        return links


class RequestForm(AccessibleForm):
    """条例第二十九条的申请内容. ``unit=None`` adds the choice of the unit (platform-wide form)."""

    unit = forms.ChoiceField(
        label="受理机关",
        error_messages={
            "required": "请选择受理申请的机关。",
            "invalid_choice": "请从列表中选择受理申请的机关。",
        },
    )
    applicant_type = radios(ApplicantType.choices, APPLICANT_TYPE_MESSAGE)
    applicant_name = TextField(
        label="申请人姓名或名称",
        min_chars=2,
        max_chars=100,
        error_messages={"required": "请填写申请人姓名（自然人）或名称（法人或其他组织）。"},
    )
    id_kind = radios(IdKind.choices, "请选择证件类型。")
    id_number = CompactField(
        label="证件号码",
        max_chars=40,
        error_messages={"required": "请填写证件号码。"},
    )
    phone = CompactField(
        label="联系电话",
        max_chars=20,
        error_messages={"required": "请填写联系电话，以便受理机关与您联系。"},
        help_text="手机号码，或带区号的固定电话（不含分机号）。",
    )
    email = FoldedEmailField(
        label="电子邮箱",
        required=False,
        error_messages={"invalid": "电子邮箱格式不正确，应类似 name@example.com。"},
        help_text="选择通过电子邮件获取信息时必填。",
    )
    address = TextField(
        label="通信地址",
        required=False,
        max_chars=200,
        help_text="选择邮寄时必填，请写明省、市、县（区）、街道门牌号和邮政编码。",
    )
    description = TextField(
        label="所需信息的描述",
        min_chars=10,
        max_chars=2000,
        multiline=True,
        error_messages={
            "required": "请填写所需政府信息的名称、文号，或者便于查询的其他特征性描述。",
            "min_chars": "请至少写{limit}个字，说明需要哪份文件或哪方面的信息；您写了{count}个字。",
            "max_chars": "描述最多{limit}个字，您写了{count}个字。请精简，或分成几件申请。",
        },
        help_text="写明文件名称、文号，或者信息的内容、时间、地点等特征，10至2000字。",
    )
    purpose = TextField(
        label="用途",
        required=False,
        max_chars=500,
        multiline=True,
        help_text="可不填；最多500字。",
    )
    preferred_form = radios(PreferredForm.choices, "请选择获取信息的方式（纸质、电子邮件等）。")
    delivery = radios(Delivery.choices, "请选择获取信息的途径（邮寄、自取等）。")
    confirm = forms.BooleanField(
        label="我承诺以上所填信息真实、有效。",
        error_messages={"required": "请勾选“我承诺以上所填信息真实、有效”。"},
    )

    RADIO_FIELDS = ("applicant_type", "id_kind", "preferred_form", "delivery")

    def __init__(self, *args, unit: Unit | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fixed_unit = unit
        if unit is not None:
            del self.fields["unit"]
        else:
            self.fields["unit"].choices = unit_choices()
        self.fields["applicant_type"].label = "申请人类型"
        self.fields["id_kind"].label = "证件类型"
        self.fields["preferred_form"].label = "获取信息的方式（载体）"
        self.fields["delivery"].label = "获取信息的途径"
        autocomplete = {
            "applicant_name": "name",
            "phone": "tel",
            "email": "email",
            "address": "street-address",
            "id_number": "off",
        }
        for name, field in self.fields.items():
            if name in autocomplete:
                field.widget.attrs["autocomplete"] = autocomplete[name]
        self.fields["phone"].widget.input_type = "tel"
        self.fields["phone"].widget.attrs["inputmode"] = "tel"
        self.fields["email"].widget.input_type = "email"
        self.fields["id_number"].widget.attrs.update(
            {"autocapitalize": "characters", "spellcheck": "false"}
        )
        self._describe()

    # -- rules ------------------------------------------------------------------------------

    def clean_unit(self) -> Unit:
        code = self.cleaned_data["unit"]
        try:
            return Unit.objects.active().filter(kind__in=ACCEPTING_KINDS).get(code=code)
        except Unit.DoesNotExist:
            raise ValidationError("请从列表中选择受理申请的机关。") from None

    def clean_phone(self) -> str:
        return normalize_phone(self.cleaned_data["phone"])

    def clean(self):
        data = super().clean()
        kind, applicant, number = (
            data.get("id_kind"),
            data.get("applicant_type"),
            data.get("id_number"),
        )
        person = applicant == ApplicantType.NATURAL_PERSON
        if applicant and kind:
            if person and kind == IdKind.CREDIT_CODE:
                self.add_error(
                    "id_kind", "自然人请选择“居民身份证”；没有居民身份证的，请选择“其他证件”。"
                )
                kind = None
            elif not person and kind == IdKind.RESIDENT_ID:
                self.add_error(
                    "id_kind",
                    "法人或其他组织请选择“统一社会信用代码”；没有统一社会信用代码的，请选择“其他证件”。",
                )
                kind = None
        if number and kind:
            problem = id_number_problem(kind, number)
            if problem:
                self.add_error("id_number", problem)
        if data.get("preferred_form") == PreferredForm.EMAIL or (
            data.get("delivery") == Delivery.EMAIL
        ):
            if not data.get("email") and "email" not in self.errors:
                self.add_error("email", "选择通过电子邮件获取信息时，请填写电子邮箱。")
        if data.get("delivery") == Delivery.POST and not data.get("address"):
            if "address" not in self.errors:
                self.add_error("address", "选择邮寄时，请填写通信地址。")
        return data

    def case_fields(self) -> dict:
        """What services.file_request needs besides the unit, channel and date."""
        data = self.cleaned_data
        names = (
            "applicant_type",
            "applicant_name",
            "id_kind",
            "id_number",
            "phone",
            "email",
            "address",
            "description",
            "purpose",
            "preferred_form",
            "delivery",
        )
        return {name: data[name] for name in names}

    def chosen_unit(self) -> Unit | None:
        """The unit the request is for, if known (for the contact details on an error page)."""
        if self.fixed_unit is not None:
            return self.fixed_unit
        code = str(self.data.get("unit", "")) if self.is_bound else ""
        if not re.fullmatch(r"[0-9A-Za-z]{3,20}", code):
            return None
        return Unit.objects.active().filter(kind__in=ACCEPTING_KINDS, code=code).first()


_OTHER_ID = re.compile(r"[0-9A-Z()\-/]{4,40}")


def id_number_problem(kind: str, number: str) -> str:
    """Why ``number`` is not a valid number of ``kind`` (empty if it is)."""
    if kind == IdKind.RESIDENT_ID:
        if len(number) != 18:
            return f"居民身份证号码应为18位，您填写了{len(number)}位。"
        if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
            return "居民身份证号码前17位是数字，最后一位是数字或字母X。"
        if not resident_id_is_valid(number):
            return "居民身份证号码校验不通过，请逐位核对。"
        return ""
    if kind == IdKind.CREDIT_CODE:
        if len(number) != 18:
            return f"统一社会信用代码应为18位，您填写了{len(number)}位。"
        if not credit_code_is_valid(number):
            return "统一社会信用代码校验不通过，请逐位核对（代码中不含字母I、O、Z、S、V）。"
        return ""
    if not _OTHER_ID.fullmatch(number):
        if len(number) < 4:
            return "证件号码至少4位。"
        return "证件号码只能包含数字、字母、括号、连字符和斜杠。"
    return ""


def unit_choices() -> list:
    """Units that take requests, grouped by kind for an <optgroup> select."""
    units = Unit.objects.active().filter(kind__in=ACCEPTING_KINDS).order_by("position", "code")
    by_kind: dict[str, list[tuple[str, str]]] = {}
    for unit in units:
        by_kind.setdefault(unit.kind, []).append((unit.code, unit.name))
    groups = [(UnitKind(k).label, by_kind[k]) for k in ACCEPTING_KINDS if k in by_kind]
    return [("", "请选择受理机关"), *groups]


# -- the status look-up ---------------------------------------------------------------------


class StatusForm(forms.Form):
    use_required_attribute = False

    code = TextField(
        label="查询码",
        max_chars=40,
        error_messages={"required": "请输入回执上的查询码。"},
        help_text="回执上的9位查询码，如 7KQ4-M2XR-P；大小写、空格和短横线都可以。",
    )
    verifier = CompactField(
        label="手机号码或证件号码的后4位",
        max_chars=4,
        error_messages={
            "required": "请输入申请时所填手机号码或证件号码的后4位。",
            "max_chars": "请只输入最后4位，您输入了{count}位。",
        },
        help_text="申请时填写的联系电话或证件号码的最后4位。",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.widget.attrs.pop("maxlength", None)
            field.widget.attrs.update(
                {
                    "autocomplete": "off",
                    "autocapitalize": "characters",
                    "spellcheck": "false",
                    "aria-describedby": f"id_{name}-hint",
                }
            )

    def full_clean(self):
        super().full_clean()
        for name, field in self.fields.items():
            ids = [f"id_{name}-hint"]
            if name in self.errors:
                ids.append(f"id_{name}-error")
                field.widget.attrs["aria-invalid"] = "true"
            field.widget.attrs["aria-describedby"] = " ".join(ids)
