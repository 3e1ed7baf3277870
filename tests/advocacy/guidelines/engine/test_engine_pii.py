"""PII detectors: checksums decide, near misses stay quiet."""

import pytest

from advocacy.guidelines.engine import check
from advocacy.guidelines.engine.pii import bsn_valid, iban_valid, luhn_valid


def rules_at(text: str) -> set[tuple[str, str]]:
    return {(f.rule, f.match) for f in check(text).findings if f.rule.startswith("PII")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mijn BSN is 111222333.", {("PII.BSN", "111222333")}),
        ("BSN 123456782 klopt", {("PII.BSN", "123456782")}),
        ("bsn: 123.456.782", {("PII.BSN", "123.456.782")}),
        ("bsn 123 456 782", {("PII.BSN", "123 456 782")}),
        ("bsn 123-456-782", {("PII.BSN", "123-456-782")}),
        ("fout nummer 123456789", set()),  # fails the 11-proef
        ("nullen 000000000", set()),
        ("gemengd 123.456-782", set()),  # inconsistent separators
        ("lang 1234567821", set()),  # part of a longer digit run
        ("order A123456782", set()),  # glued to letters
    ],
)
def test_pii_bsn(text, expected):
    assert rules_at(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("IBAN NL91ABNA0417164300 graag", {("PII.IBAN", "NL91ABNA0417164300")}),
        ("IBAN NL91 ABNA 0417 1643 00.", {("PII.IBAN", "NL91 ABNA 0417 1643 00")}),
        ("iban nl91abna0417164300", {("PII.IBAN", "nl91abna0417164300")}),
        ("GB82 WEST 1234 5698 7654 32", {("PII.IBAN", "GB82 WEST 1234 5698 7654 32")}),
        ("IBAN NL92ABNA0417164300", set()),  # wrong check digits
        ("IBAN NL91 ABNA 0417 1643 01", set()),
    ],
)
def test_pii_iban(text, expected):
    assert rules_at(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("kaart 4111 1111 1111 1111", {("PII.CreditCard", "4111 1111 1111 1111")}),
        ("card 4111-1111-1111-1111!", {("PII.CreditCard", "4111-1111-1111-1111")}),
        ("amex 378282246310005", {("PII.CreditCard", "378282246310005")}),
        ("kaart 4111 1111 1111 1112", set()),  # Luhn fails
        ("jaren 2023 2024 2025 2026", set()),  # not a card prefix
        ("id 41111111111111110000", set()),  # longer number
    ],
)
def test_pii_credit_card(text, expected):
    assert rules_at(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bel 06-12345678!", {("PII.Phone", "06-12345678")}),
        ("Bel +31 6 12345678.", {("PII.Phone", "+31 6 12345678")}),
        ("Bel 0031 20 123 4567", {("PII.Phone", "0031 20 123 4567")}),
        ("Bel 020-1234567", {("PII.Phone", "020-1234567")}),
        ("Call +44 20 7946 0958", {("PII.Phone", "+44 20 7946 0958")}),
        ("op 01-02-2024 10:00 uur", set()),  # a date and a time
        ("sinds 2019 en 2024", set()),
        ("prijs € 1.299,00", set()),
        ("bestelling ORD0612345678", set()),  # embedded in a word
        ("groei van +5% in 2024", set()),
    ],
)
def test_pii_phone(text, expected):
    assert rules_at(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mail jan.jansen@example.nl", {("PII.Email", "jan.jansen@example.nl")}),
        ("volg @coolblue", set()),
        ("kosten 5@10", set()),
    ],
)
def test_pii_email(text, expected):
    assert rules_at(text) == expected


def test_pii_checksum_helpers():
    assert iban_valid("NL91ABNA0417164300")
    assert not iban_valid("NL91ABNA0417164301")
    assert bsn_valid("111222333") and not bsn_valid("111222334")
    assert luhn_valid("4111111111111111") and not luhn_valid("4111111111111112")


def test_pii_iban_digits_are_not_a_phone_or_bsn():
    report = check("Maak over naar NL91 ABNA 0417 1643 00 vandaag")
    assert [f.rule for f in report.findings] == ["PII.IBAN"]


def test_pii_block_findings_stop_sharing():
    report = check("BSN 111222333")
    assert not report.can_share
    assert report.findings[0].severity == "block"
    assert report.findings[0].suppressible is False
