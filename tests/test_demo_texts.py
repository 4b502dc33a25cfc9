"""Demo texts, names and photos: every taxonomy leaf gets a description, everything is
deterministic for a seed, names are distinct, and the generated PNGs are well-formed."""

from __future__ import annotations

import binascii
import json
import random
import re
import struct
import zlib
from pathlib import Path

import pytest

from commandcenter.demo import names, photos, texts

TAXONOMY = Path(__file__).resolve().parents[1] / "resources" / "taxonomy" / "default.json"


def _leaf_codes() -> list[str]:
    categories = json.loads(TAXONOMY.read_text(encoding="utf-8"))["categories"]
    parents = {c["parent"] for c in categories}
    return [c["code"] for c in categories if c["code"] not in parents]


LEAVES = _leaf_codes()


def _has_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _clean(text: str) -> bool:
    """Non-empty Chinese text with every template slot filled."""
    return bool(text) and _has_cjk(text) and "{" not in text and "}" not in text


def test_taxonomy_has_the_expected_leaves() -> None:
    assert {"TZ01", "CS01", "SQ03", "WX01"} <= set(LEAVES)
    assert not {"TZ", "TZ-SF", "SQ-KN"} & set(LEAVES)


@pytest.mark.parametrize("code", LEAVES)
def test_every_leaf_has_varied_texts(code: str) -> None:
    rng = random.Random(code)
    descriptions = [texts.describe(code, rng, texts.address(rng)) for _ in range(300)]
    assert all(_clean(d) for d in descriptions)
    assert len(set(descriptions)) >= 50
    # Mostly phone-length: 20-80 characters.
    assert sum(20 <= len(d) <= 80 for d in descriptions) >= 0.9 * len(descriptions)
    assert _clean(texts.handling_note(code, rng))
    assert _clean(texts.escalation_reason(code, rng))


def test_place_is_used() -> None:
    rng = random.Random(1)
    for code in LEAVES:
        for _ in range(5):
            assert "测试路99号" in texts.describe(code, rng, "测试路99号")


def test_unknown_codes_fall_back() -> None:
    rng = random.Random(2)
    for code in ("CS99", "WX09", "ZZ01", ""):
        assert _clean(texts.describe(code, rng, "商都路1号"))
        assert _clean(texts.handling_note(code, rng))
        assert _clean(texts.escalation_reason(code, rng))


def test_many_descriptions_of_one_category_differ() -> None:
    rng = random.Random(3)
    out = {texts.describe("CS01", rng, texts.address(rng)) for _ in range(5000)}
    assert len(out) >= 50


def _sample(seed: int) -> list[str]:
    rng = random.Random(seed)
    out: list[str] = []
    for code in LEAVES:
        place = texts.address(rng)
        out += [
            place,
            texts.describe(code, rng, place),
            texts.handling_note(code, rng),
            texts.escalation_reason(code, rng),
        ]
    out += [
        texts.rework_reason(rng),
        texts.reject_reason(rng),
        texts.extension_reason(rng),
        texts.shelve_reason(rng),
        texts.supervision_note(rng),
        names.person_name(rng),
        names.phone(rng),
    ]
    return out + names.unique_names(rng, 50)


def test_same_seed_same_texts_different_seed_different_texts() -> None:
    assert _sample(42) == _sample(42)
    assert _sample(42) != _sample(43)


def test_texts_leave_global_random_alone() -> None:
    random.seed(7)
    expected = random.random()
    random.seed(7)
    _sample(1)
    photos.make_photo(random.Random(1), "before", "CS01")
    assert random.random() == expected


@pytest.mark.parametrize(
    "fn",
    [
        texts.rework_reason,
        texts.reject_reason,
        texts.extension_reason,
        texts.shelve_reason,
        texts.supervision_note,
    ],
)
def test_reasons(fn) -> None:
    rng = random.Random(5)
    out = [fn(rng) for _ in range(200)]
    assert all(_clean(t) for t in out)
    assert len(set(out)) >= 5


def test_addresses() -> None:
    rng = random.Random(6)
    out = [texts.address(rng) for _ in range(500)]
    assert all(_clean(a) for a in out)
    assert len(set(out)) > 300
    assert any("交叉口" in a for a in out)
    assert any(any(road in a for road in texts.DEFAULT_ROADS) for a in out)
    for a in out:
        if "与" in a and "交叉口" in a:
            first, second = a.split("交叉口")[0].split("与")
            assert first != second
    # A caller's own roads; a single road gives no crossings.
    own = [texts.address(rng, ["测试一路", "测试二路"]) for _ in range(200)]
    assert not any(road in a for a in own for road in texts.DEFAULT_ROADS)
    assert any("测试一路" in a for a in own) and any("测试二路" in a for a in own)
    single = [texts.address(rng, ["独一路"]) for _ in range(100)]
    assert not any("交叉口" in a for a in single)


PHONE = re.compile(r"^1[3-9]\d{9}$")


def test_phones() -> None:
    rng = random.Random(8)
    out = [names.phone(rng) for _ in range(2000)]
    assert all(PHONE.match(p) for p in out)
    assert len(set(out)) > 1990


def test_person_names() -> None:
    rng = random.Random(9)
    out = [names.person_name(rng) for _ in range(2000)]
    assert all(2 <= len(n) <= 4 and _has_cjk(n) for n in out)
    # Weighted by frequency: 王, 张 and 李 lead.
    firsts = [n[0] for n in out]
    assert firsts.count("王") > firsts.count("韩") > 0


def test_unique_names() -> None:
    rng = random.Random(10)
    out = names.unique_names(rng, 2000)
    assert len(out) == 2000 == len(set(out))
    assert all(2 <= len(n) <= 4 and _has_cjk(n) and not any(c.isdigit() for c in n) for n in out)
    assert names.unique_names(random.Random(10), 2000) == out
    # The seeder asks for 15 000 per street, 150 000 for the district preset.
    district = names.unique_names(random.Random(11), 150_000)
    assert len(set(district)) == 150_000
    with pytest.raises(ValueError):
        names.unique_names(rng, 10**7)


# ----------------------------------------------------------------------------------- photos
def _parse_png(data: bytes) -> tuple[int, int, bytes]:
    """Check a PNG by the book; return width, height and the inflated image data."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks = 8, []
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        tag = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length : pos + 12 + length])
        assert binascii.crc32(tag + body) & 0xFFFFFFFF == crc, tag
        chunks.append((tag, body))
        pos += 12 + length
    assert pos == len(data)
    tags = [t for t, _ in chunks]
    assert tags[0] == b"IHDR" and tags[-1] == b"IEND" and b"IDAT" in tags
    width, height, depth, colour, comp, filt, interlace = struct.unpack(">IIBBBBB", chunks[0][1])
    assert (depth, colour, comp, filt, interlace) == (8, 2, 0, 0, 0)
    raw = zlib.decompress(b"".join(b for t, b in chunks if t == b"IDAT"))
    assert len(raw) == height * (1 + 3 * width)
    assert all(raw[y * (1 + 3 * width)] <= 4 for y in range(height))  # valid filter bytes
    return width, height, raw


@pytest.mark.parametrize("code", sorted({*photos.POOL_CATEGORIES, "SQ04", "TZ04", "XX01"}))
def test_photos_are_valid_pngs(code: str) -> None:
    before = photos.make_photo(random.Random(11), "before", code)
    after = photos.make_photo(random.Random(11), "after", code)
    for png in (before, after):
        assert _parse_png(png)[:2] == (160, 120)
    assert before != after
    assert photos.make_photo(random.Random(11), "before", code) == before
    assert photos.make_photo(random.Random(12), "before", code) != before


def test_photo_scene_not_noise() -> None:
    # A scene is mostly flat colour: far fewer distinct colours than pixels, and the pair
    # differs only where the clutter was (same layout).
    _, _, b = _parse_png(photos.make_photo(random.Random(13), "before", "CS09"))
    _, _, a = _parse_png(photos.make_photo(random.Random(13), "after", "CS09"))
    pixels = {b[i : i + 3] for i in range(0, len(b) - 3, 3)}
    assert len(pixels) < 2000
    differing = sum(x != y for x, y in zip(a, b, strict=True))
    assert 0 < differing < len(a) // 3


def test_photo_sizes_and_kinds() -> None:
    png = photos.make_photo(random.Random(14), "before", "CS04", width=200, height=90)
    assert _parse_png(png)[:2] == (200, 90)
    with pytest.raises(ValueError):
        photos.make_photo(random.Random(14), "during", "CS04")


def test_photo_pool() -> None:
    pool = photos.photo_pool(seed=3, size=4)
    assert len(pool) == 4
    assert pool == photos.photo_pool(seed=3, size=4)
    assert pool != photos.photo_pool(seed=4, size=4)
    for before, after in pool:
        _parse_png(before)
        _parse_png(after)
        assert before != after
    assert len({b for b, _ in pool}) == 4
