import pytest

from core.spreadsheets import spreadsheet_cell


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        (
            '=HYPERLINK("http://x.example","klik")',
            '\'=HYPERLINK("http://x.example","klik")',
        ),
        ("+1+2", "'+1+2"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("-inf", "'-inf"),
        ("-", "'-"),
        # Plain numbers stay numbers.
        ("-12", "-12"),
        ("+3.5", "+3.5"),
        ("-1,300.25", "-1,300.25"),
        (-7, "-7"),
        # Nothing to defuse.
        ("Bol.com", "Bol.com"),
        ("a=b", "a=b"),
        (" =1+1", " =1+1"),
        ("", ""),
        (None, ""),
    ],
)
def test_spreadsheet_cell_defuses_formulas(value, cell):
    assert spreadsheet_cell(value) == cell
