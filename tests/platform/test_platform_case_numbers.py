"""[12/20] 6: case numbers a street owns. A workstation gets its letter at its first online
sign-in (the same one at every later sign-in, whoever signs in); within a street no two share
one, a district workstation's is no street's, and an office whose letters are all issued is told
so. A report numbered outside its grid's street prefix is rejected, and a taken number is
answered without saying whose it is."""

from __future__ import annotations

from typing import Any

from harness import Demo, Platform, case_no, new_uuid, report
from sqlalchemy import Engine, text

SHANGDU, XIANGYUN = "410171001", "410171002"


def _sign_in(platform: Platform, username: str, workstation: str | None) -> Any:
    body: dict[str, Any] = {"username": username, "password": "demo"}
    if workstation is not None:
        body["workstation"] = workstation
    return platform.client().post("/api/v1/sessions", json=body)


def _letter(platform: Platform, username: str, workstation: str) -> str | None:
    signed = _sign_in(platform, username, workstation)
    assert signed.status_code == 201, signed.text
    letter = signed.json()["numbering"]["letter"]
    assert letter is None or isinstance(letter, str)
    return letter


def test_workstations_get_their_letters_at_first_sign_in(platform: Platform) -> None:
    first, second, district = new_uuid(), new_uuid(), new_uuid()
    assert _letter(platform, "shangdu-duty", first) == "A"
    assert _letter(platform, "shangdu-duty", second) == "B"
    # Whoever signs in at the workstation later, it keeps its letter.
    assert _letter(platform, "shangdu-leader", first) == "A"
    assert _letter(platform, "shangdu-duty", second) == "B"
    # Letters are a street's own: 祥云's first workstation is A too.
    assert _letter(platform, "xiangyun-duty", new_uuid()) == "A"
    # The district's workstation files in every street: its letter is no street's.
    assert _letter(platform, "zhengdong-district", district) == "Z"
    assert _letter(platform, "shangdu-duty", new_uuid()) == "C"
    # A workstation registered for 商都路 gets no letter for 祥云 (its database refuses 祥云).
    assert _letter(platform, "xiangyun-duty", first) is None
    # The prefixes: the account's street, or every street for the district.
    mine = _sign_in(platform, "shangdu-duty", first).json()["numbering"]["prefixes"]
    assert mine == {SHANGDU: "SD"}
    every = _sign_in(platform, "zhengdong-district", district).json()["numbering"]["prefixes"]
    assert every[SHANGDU] == "SD" and every[XIANGYUN] == "XY" and len(every) == 10
    # Without a workstation id (a script): signed in, no letter.
    bare = _sign_in(platform, "shangdu-duty", None)
    assert bare.status_code == 201 and bare.json()["numbering"]["letter"] is None


def test_an_office_whose_letters_are_all_issued_is_told_so(
    platform: Platform, engine: Engine
) -> None:
    assert _letter(platform, "zhengdong-district", new_uuid()) == "Z"
    letters = [_letter(platform, "shangdu-duty", new_uuid()) for _ in range(25)]
    assert letters == [chr(ord("A") + k) for k in range(25)]  # A–Y: Z is the district's
    refused = _sign_in(platform, "shangdu-duty", new_uuid())
    assert refused.status_code == 409
    assert refused.json()["reason"] == "no_letter_left"
    assert "all 26 workstation letters" in refused.json()["message"]
    # The workstations that hold one go on: the first signs in and keeps A.
    with engine.connect() as conn:
        held = conn.execute(
            text("SELECT id FROM workstations WHERE office = :s AND letter = 'A'"), {"s": SHANGDU}
        ).scalar_one()
    assert _letter(platform, "shangdu-duty", held) == "A"


def test_a_number_outside_the_street_s_prefix_is_refused(platform: Platform, demo: Demo) -> None:
    shangdu = platform.client("shangdu-duty")
    xiangyun = platform.client("xiangyun-duty")
    (theirs,) = xiangyun.push(
        report(case_no(prefix="XY"), demo.other_grid, demo.category, demo.other_member)
    )
    assert theirs["status"] == "applied", theirs
    taken = theirs["case"]["case_no"]
    # 商都路 filing 祥云's number, even one that exists, hears only that it is not its own.
    for number in (taken, case_no(prefix="XY"), "ZZ0001", "SD2026120"):
        (r,) = shangdu.push(report(number, demo.grid, demo.category, demo.member))
        assert (r["status"], r["reason"]) == ("rejected", "outside_prefix"), r
        assert "SD" in r["message"] and "taken" not in r["message"]
        assert "XY" not in r["message"].replace(number, "") and XIANGYUN not in r["message"]
    # The district files in any street, in that street's prefix only.
    district = platform.client("zhengdong-district")
    (d,) = district.push(report(case_no(prefix="XY"), demo.grid, demo.category, None, "district"))
    assert (d["status"], d["reason"]) == ("rejected", "outside_prefix")
    (d,) = district.push(report(case_no(), demo.grid, demo.category, None, "district"))
    assert d["status"] == "applied", d


def test_a_taken_number_is_answered_without_saying_whose(platform: Platform, demo: Demo) -> None:
    shangdu = platform.client("shangdu-duty")
    number = case_no()
    (first,) = shangdu.push(report(number, demo.grid, demo.category, demo.member))
    assert first["status"] == "applied"
    (again,) = shangdu.push(report(number, demo.grid, demo.category, demo.member))
    assert (again["status"], again["reason"]) == ("rejected", "duplicate_case_no")
    assert set(again) <= {"uuid", "status", "reason", "message"}  # no case view of the holder
    words = again["message"]
    assert number in words and SHANGDU not in words and first["case"]["case_uuid"] not in words
    assert demo.grid not in words
