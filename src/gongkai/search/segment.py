"""Chinese word segmentation shared by both search backends: index tokens, query parsing, unit-name hints.

Pure Python (no Django). The segmenter is rjieba (jieba-rs: jieba's dictionary and algorithm in
Rust): the same words as jieba (49 of 50 sample sentences identical, the other differs only in how
"0935-7521234" is split, which we do ourselves), 20 times faster, 32 MB instead of 77 MB. Its
dictionary is loaded once per process, lazily (0.1 s) and thread-safely.

How a text becomes tokens
-------------------------
The text is normalised (NFKC: full-width letters, digits and brackets become ASCII, Kangxi radicals
from PDF extraction become ordinary characters; then lower case). The tokens are, in this order:

1. the *base stream*: every Chinese character on its own, every run of digits and every run of
   other letters (Latin, kana ...), in text order. Punctuation, symbols and spaces are dropped;
   letters and digits are split apart ("gb/t9704-2012" -> gb, t, 9704, 2012).
2. every *dictionary word* of two or more characters found anywhere in the Chinese runs (jieba's
   "full mode": all words starting at every position, not one segmentation), in text order. So
   "中华人民共和国" gives 中华, 中华人民, 中华人民共和国, 华人, 人民, 人民共和国, 共和, 共和国.

Both parts depend only on the characters, never on the words around them (jieba's usual mode
picks one segmentation from context, and its HMM invents context-dependent words). That gives the
property search needs: **if a query's text occurs in a document, every query term is among the
document's tokens** (a two-character word such as 招生 or 低保 is found inside 招生简章 or 城乡低保,
whatever the neighbours). Runs of letters or digits are the exception: they are whole tokens, so
"163" finds "ycxzwgk@163.com" but "16" does not. Names and other words that are not in the dictionary are still found,
through their characters. The base stream keeps the characters adjacent, so a quoted phrase is a
positional phrase query over phrase_tokens() in both FTS5 and PostgreSQL (<->).

A document's tokens depend on the dictionary: when words are added (add_words), documents indexed
before lack the new words as tokens, and a query using one of them would miss. dictionary_signature()
changes exactly then; a backend stores it with its index and reindexes when it differs.

API
---
normalize(text) -> str              NFKC + lower case, the text the tokens are substrings of
tokens(text) -> list[str]           base stream, then dictionary words (see above)
index_text(text) -> str             tokens joined by single spaces: what both backends store
phrase_tokens(text) -> list[str]    the base stream only: a phrase query, token by token
parse_query(q) -> Query             terms, quoted phrases, 发文字号, 索引号, year
add_words(words) -> int             add unit names and other words to the dictionary
dictionary_signature() -> str       changes whenever the tokens of some text would change
suggest_unit(word, names) -> str|None   "did you mean" for a unit name with a typo

Limits: PostgreSQL's tsvector keeps positions only up to 16383 and at most 1 MB per value, so a
backend should cap very long texts (attachments) or strip positions there. A text with a run of
some 200,000 characters without punctuation or a space is cut into pieces for memory's sake and
loses the dictionary words that straddle a cut. Single-character queries match every text that
has the character; the backends rank, and may boost a phrase match of Query.text, to keep names
typed without quotes (张晓明: three characters, none a dictionary word) precise.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import re
import threading
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from gongkai.catalog.docno import DocNoError, parse_doc_no

if TYPE_CHECKING:
    import rjieba

__all__ = [
    "Query",
    "add_words",
    "dictionary_signature",
    "index_text",
    "normalize",
    "parse_query",
    "phrase_tokens",
    "suggest_unit",
    "tokens",
]

# Bump when the way tokens are made changes: it is part of dictionary_signature().
TOKENIZER_VERSION = 1
MAX_QUERY_CHARS = 256  # longer queries are cut: nobody types more, and _terms() is quadratic

# Chinese characters: CJK Unified Ideographs, Extension A, compatibility block, planes 2 and 3.
# jieba-rs treats (most of) these as Chinese too; a character it does not know still gets its
# base token, it is only never part of a dictionary word.
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
_BASE_RE = re.compile(f"[{_HAN}]|\\d+|[^\\W\\d_{_HAN}]+")
_HAN_RUN_RE = re.compile(f"[{_HAN}]+")
_NOT_HAN_RE = re.compile(f"[^{_HAN}]+")
_HAN_SPLIT_RE = re.compile(f"([{_HAN}]+)")
_SEPARATOR_RE = re.compile(r"[\W_]")  # neither a letter, a digit nor a Chinese character

_CHUNK = 1 << 16  # characters segmented at a time: bounds the memory for huge attachments
_MAX_CHUNK = 4 * _CHUNK


def normalize(text: str) -> str:
    """NFKC then lower case: the text whose substrings the tokens are."""
    return unicodedata.normalize("NFKC", text).lower()


# --------------------------------------------------------------------------- the dictionary


@dataclass(frozen=True)
class _Dictionary:
    jieba: rjieba.Jieba
    words: frozenset[str]  # our words that were not in jieba's own dictionary
    signature: str


_lock = threading.Lock()
_current: _Dictionary | None = None
_added: set[str] = set()  # everything given to add_words(), kept for rebuilds


def _han_words(word: str) -> list[str]:
    """The parts of a word that can be dictionary words: runs of two or more Chinese characters."""
    return [run for run in _HAN_RUN_RE.findall(normalize(word)) if len(run) > 1]


@cache
def _file_words() -> tuple[str, ...]:
    """Words of data/user_dict.txt (jieba format: word [freq] [tag]; # starts a comment)."""
    text = resources.files("gongkai.search").joinpath("data/user_dict.txt").read_text("utf-8")
    words: list[str] = []
    for line in text.splitlines():
        fields = line.split()
        if fields and not fields[0].startswith("#"):
            words.extend(_han_words(fields[0]))
    return tuple(dict.fromkeys(words))


def _build(jieba: rjieba.Jieba, words: Iterable[str]) -> _Dictionary:
    """Add words to a dictionary nobody else uses yet; called with _lock held."""
    # Frequencies only steer jieba's choice of one segmentation, which we do not use: every
    # dictionary word is a token. Words jieba already knows change nothing, so they are not
    # part of the signature (adding 教育局 must not force a reindex).
    new = sorted({w for w in words if not jieba.has_word(w)})
    for word in new:
        jieba.add_word(word, None, None)
    digest = hashlib.sha256()
    digest.update(
        f"tokens {TOKENIZER_VERSION}\nrjieba {importlib.metadata.version('rjieba')}\n".encode()
    )
    digest.update("\n".join(new).encode())
    return _Dictionary(jieba=jieba, words=frozenset(new), signature=digest.hexdigest()[:16])


def _dictionary() -> _Dictionary:
    global _current
    current = _current
    if current is None:
        with _lock:
            if _current is None:
                import rjieba  # here, not at the top: 30 MB and 0.1 s, only once search runs

                # rjieba builds its default dictionary at import; use it rather than a second one.
                _current = _build(rjieba._DEFAULT_JIEBA, (*_file_words(), *_added))
            current = _current
    return current


def add_words(words: Iterable[str]) -> int:
    """Add words (live unit names, their short names ...) to the dictionary; return how many were new.

    Only runs of two or more Chinese characters count ("12345热线办公室" adds 热线办公室). Call it at
    startup, before the first search: then the words simply join the first dictionary (and "new"
    means not yet in data/user_dict.txt or an earlier call). Once the dictionary is loaded, a word
    is new if the dictionary lacks it; new words make a fresh dictionary (0.1 s) that is swapped
    in, so segmentation running in other threads is never disturbed (the first dictionary stays
    in memory inside rjieba: about 30 MB more after the first such call). Either way
    dictionary_signature() changes if a word was new, and the index must be rebuilt.
    """
    global _current
    wanted = {run for word in words for run in _han_words(word)}
    with _lock:
        current = _current
        if current is None:
            fresh = wanted - _added - set(_file_words())
            _added.update(wanted)
            return len(fresh)
        fresh = {w for w in wanted if not current.jieba.has_word(w)}
        _added.update(wanted)
        if fresh:
            import rjieba

            _current = _build(rjieba.Jieba(), (*_file_words(), *_added))
        return len(fresh)


def dictionary_signature() -> str:
    """A short hash of the tokenizer version, rjieba's version and our added words."""
    return _dictionary().signature


# --------------------------------------------------------------------------- tokens


def _chunks(text: str) -> Iterator[str]:
    """Pieces of about _CHUNK characters, cut at a separator so no word or number is split."""
    start = 0
    while len(text) - start > _CHUNK:
        m = _SEPARATOR_RE.search(text, start + _CHUNK, start + _MAX_CHUNK)
        end = m.start() if m else start + _MAX_CHUNK
        yield text[start:end]
        start = end
    yield text[start:]


def _segment(text: str) -> tuple[str, str]:
    """(base stream, dictionary words) of normalised text, each joined by spaces."""
    base: list[str] = []
    words: list[str] = []
    for chunk in _chunks(text):
        base.append(" ".join(_BASE_RE.findall(chunk)))
        if _HAN_RUN_RE.search(chunk):
            jieba = _dictionary().jieba
            # Only Chinese runs are given to jieba, separated by spaces: then every piece of two
            # or more characters it returns is a dictionary word (jieba's own rules for Latin,
            # digits and symbols would otherwise leak pieces such as "0935-7521234").
            pieces = jieba.cut_all(_NOT_HAN_RE.sub(" ", chunk))
            words.append(" ".join(w for w in pieces if len(w) > 1))
    return " ".join(p for p in base if p), " ".join(p for p in words if p)


def index_text(text: str) -> str:
    """The tokens of text joined by single spaces: what both backends store and match against."""
    base, words = _segment(normalize(text))
    return f"{base} {words}" if base and words else base or words


def tokens(text: str) -> list[str]:
    """Tokens for indexing and for queries: the base stream, then every dictionary word."""
    return index_text(text).split()


def phrase_tokens(text: str) -> list[str]:
    """The base stream only (characters and runs of letters or digits): a phrase, token by token.

    In index_text these tokens come first and in text order, so "义务教育" becomes the FTS5 phrase
    "义 务 教 育" or the PostgreSQL tsquery 义 <-> 务 <-> 教 <-> 育.
    """
    return _BASE_RE.findall(normalize(text))


def is_han(token: str) -> bool:
    """Whether a token starts with Han characters (CJK, its extensions and compatibility forms)."""
    return _HAN_RUN_RE.match(token) is not None


# Words of a question, not of what is asked for: left out of the terms when others remain
# (怎么申请公开 财政局 looks for 申请, 公开, 财政局). They stay in the text as typed.
QUESTION_WORDS = frozenset(
    "如何 怎么 怎样 怎么样 怎么办 哪里 哪儿 哪些 什么 是否 有没有 请问 想问 查询 查找 搜索 一下 吗 呢 吧 啊 "
    "的 了".split()
)


def _terms(text: str) -> tuple[str, ...]:
    """The tokens of text a document must contain: one segmentation of the query, not all.

    Each run of Chinese characters is cut once by jieba's accurate mode without its HMM, so
    every piece is a dictionary word or a single character: both are tokens of any text that
    holds the piece (full mode finds every dictionary word at every position). Taking every
    full-mode word of the query instead would also require words that straddle two of its words
    (县县 in 永昌县县长), which a document holding the two words apart does not have. Runs of
    digits and letters are whole tokens. Question words (QUESTION_WORDS) are left out when
    anything else remains.
    """
    normal = normalize(text)
    found: list[str] = []
    for part in _HAN_SPLIT_RE.split(normal):
        if _HAN_RUN_RE.fullmatch(part):
            found.extend(w for w in _dictionary().jieba.cut(part, False) if w.strip())
        elif part:
            found.extend(_BASE_RE.findall(part))
    unique = list(dict.fromkeys(found))
    kept = [t for t in unique if t not in QUESTION_WORDS]
    return tuple(kept or unique)


# --------------------------------------------------------------------------- queries


@dataclass(frozen=True)
class Query:
    """A parsed search box.

    raw      the input as typed (cut to MAX_QUERY_CHARS)
    text     the normalised free text left after the parts below were taken out
    terms    tokens of text that a match must all contain (see _terms); empty if nothing is left
    phrases  quoted parts ("…" “…” 「…」 『…』 《…》), normalised; match with phrase_tokens()
    doc_no   a 发文字号 in its stored form 永政办发〔2024〕12号, matched exactly
    index_no a 索引号 620321000/2024-00001, matched exactly
    year     2000–2099 typed alone or as "2024年": a hint for the year field; the backends should
             also accept documents whose text has the token (e.g. "2024" in the title)
    """

    raw: str
    text: str
    terms: tuple[str, ...]
    phrases: tuple[str, ...]
    doc_no: str | None
    index_no: str | None
    year: int | None


# After NFKC: ［］（）｛｝ are [](){}, ﹝﹞ is 〔〕. {} is not a year bracket for the catalog
# (docno.py) but people type it in a search box, so it is read as [].
_OPEN, _CLOSE = "〔〖【[({", "〕〗】])}"
_CURLY = str.maketrans("{}", "[]")
_S = r"[^\S\n]*"
_DOC_NO_RE = re.compile(
    f"(?P<prefix>[{_HAN}A-Za-z]+){_S}(?P<open>[{re.escape(_OPEN)}]){_S}(?P<year>[0-9]{{4}}){_S}"
    f"(?P<close>[{re.escape(_CLOSE)}]){_S}(?:第{_S})?(?P<seq>[0-9]{{1,6}})(?![0-9]){_S}号?"
)
# Without brackets 号 is required, and the prefix must end like a 机关代字 (…发, …函, …字 …), so
# that "关于2024年12号" or a date is not taken for a number: 永政办发2024年12号, 永政办发2024-12号.
_PLAIN_DOC_NO_RE = re.compile(
    f"(?P<prefix>[{_HAN}A-Za-z]*[发函字办令复告呈报批电通规委政]){_S}(?P<year>[0-9]{{4}}){_S}"
    f"(?:年{_S})?[-‐‑–—/.、]?{_S}(?:第{_S})?(?P<seq>[0-9]{{1,6}}){_S}号"
)
_INDEX_NO_RE = re.compile(
    f"(?<![0-9])(?P<code>[0-9]{{9}}){_S}/{_S}(?P<year>[0-9]{{4}}){_S}[-‐‑–—]{_S}"
    f"(?P<seq>[0-9]{{1,5}})(?![0-9])"
)
_PHRASE_RE = re.compile(r'"([^"]*)"|[“”]([^“”]*)[“”]|「([^」]*)」|『([^』]*)』|《([^》]*)》')
_NUMBER_LABEL_RE = re.compile(
    r"(?:索引号|发文字号|发文文号|文件编号|文号|字号|编号)\s*[:：]?|[:：]"
)
_YEAR_RE = re.compile(f"(?<![0-9A-Za-z])(?P<year>20[0-9]{{2}})(?![0-9]){_S}(?P<nian>年)?")


def _cut(text: str, m: re.Match[str]) -> str:
    """text without the match; a space keeps the neighbours apart."""
    return f"{text[: m.start()]} {text[m.end() :]}"


def _find_doc_no(text: str) -> tuple[str | None, str]:
    probe = text.translate(_CURLY)  # same length, so spans line up with text
    for pattern in (_DOC_NO_RE, _PLAIN_DOC_NO_RE):
        for m in pattern.finditer(probe):
            groups = m.groupdict()
            brackets = (groups["open"], groups["close"]) if "open" in groups else ("〔", "〕")
            candidate = (
                f"{groups['prefix']}{brackets[0]}{groups['year']}{brackets[1]}{groups['seq']}号"
            )
            try:
                found = parse_doc_no(candidate)
            except DocNoError:
                continue  # mismatched brackets, year out of range, sequence 0 or too big
            return found.normalized, _cut(text, m)
    return None, text


def _find_index_no(text: str) -> tuple[str | None, str]:
    for m in _INDEX_NO_RE.finditer(text):
        seq = int(m["seq"])
        if seq >= 1:
            return f"{m['code']}/{m['year']}-{seq:05d}", _cut(text, m)
    return None, text


def _find_phrases(text: str) -> tuple[tuple[str, ...], str]:
    phrases: list[str] = []
    for m in _PHRASE_RE.finditer(text):
        inner = next(g for g in m.groups() if g is not None)
        phrase = " ".join(normalize(inner).split())
        if phrase_tokens(phrase) and phrase not in phrases:
            phrases.append(phrase)
    return tuple(phrases), _PHRASE_RE.sub(" ", text)


def _find_year(text: str) -> tuple[int | None, str]:
    m = _YEAR_RE.search(text)
    if m is None:
        return None, text
    rest = text[m.end() :]
    # "2024年度" keeps 年度, "2024年政务公开" drops 年.
    if m["nian"] and rest[:1] and _HAN_RUN_RE.match(rest[:1]):
        if _dictionary().jieba.has_word("年" + rest[0]):
            rest = "年" + rest
    return int(m["year"]), f"{text[: m.start()]} {rest}"


def parse_query(q: str) -> Query:
    """Split a search box into terms, phrases, 发文字号, 索引号 and year. Never raises on text.

    The 发文字号 may use any bracket (〔〕 [] () （） 【】 ［］ ｛｝ 〖〗 ﹝﹞) or none (then with 年 or a
    dash and a final 号: 永政办发2024年12号). Its prefix is the run of characters right before
    the year, so type it apart from other words: "通知永政办发〔2024〕12号" reads the prefix as
    通知永政办发 (the same limit as catalog.docno.find_doc_nos). Only the first 发文字号, 索引号
    and year are taken out; any others stay in the text.
    """
    raw = q[:MAX_QUERY_CHARS]
    text = unicodedata.normalize("NFKC", raw)
    index_no, text = _find_index_no(text)
    doc_no, text = _find_doc_no(text)
    phrases, text = _find_phrases(text)
    year, text = _find_year(text)
    if index_no or doc_no:
        # "索引号 620321017/2023-00012", "文号：永政发〔2024〕3号": the label is not a word to find.
        text = _NUMBER_LABEL_RE.sub(" ", text)
    text = " ".join(text.lower().split())
    return Query(
        raw=raw,
        text=text,
        terms=_terms(text),
        phrases=phrases,
        doc_no=doc_no,
        index_no=index_no,
        year=year,
    )


# --------------------------------------------------------------------------- did you mean


def _compact(text: str) -> str:
    return "".join(_BASE_RE.findall(normalize(text)))


def _suffix_distance(word: str, name: str) -> int:
    """Fewest edits turning word into some ending of name (永昌县公安局 ends with 公安局)."""
    # Levenshtein on the reversed strings, with the end of name's part left free.
    w, n = word[::-1], name[::-1]
    previous = list(range(len(n) + 1))
    for i, wc in enumerate(w, 1):
        current = [i]
        for j, nc in enumerate(n, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (wc != nc)))
        previous = current
    return min(previous)


def _is_abbreviation(word: str, name: str) -> bool:
    """人社局 for 人力资源和社会保障局: word's characters in order in name, same last character."""
    if word[-1] != name[-1]:
        return False
    rest = iter(name)
    return all(c in rest for c in word)


def suggest_unit(query_word: str, names: Iterable[str]) -> str | None:
    """The unit name a query word most likely means, or None; an exact name is returned as itself.

    Compared after normalisation, ignoring spaces and punctuation. A word matches a name when it
    is the name's ending with at most one edit (two from seven characters on): 公按局 ->
    永昌县公安局, 永昌县教育句 -> 永昌县教育局; or, exactly, an abbreviation ending like the name:
    县人社局 -> 永昌县人力资源和社会保障局. Two-character words must match an ending exactly, so
    ordinary words (公开, 通知, 义务教育) do not fire. Ties go to the earlier name.
    """
    names = list(names)
    if query_word in names:
        return query_word
    word = _compact(query_word)
    if not 2 <= len(word) <= 40:
        return None
    allowed = 0 if len(word) < 3 else 1 if len(word) < 7 else 2
    best: tuple[float, str] | None = None
    for name in names:
        compact = _compact(name)
        if not compact:
            continue
        if compact == word:
            return name  # the same name typed with other spaces, punctuation or widths
        score: float = _suffix_distance(word, compact)
        if score > allowed:
            if len(word) >= 3 and _is_abbreviation(word, compact):
                score = 0.5
            else:
                continue
        if best is None or score < best[0]:
            best = (score, name)
    return best[1] if best else None
