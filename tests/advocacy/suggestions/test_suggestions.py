"""Employees suggest stories: the form, the checks, and their own suggestions."""

from datetime import timedelta
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from advocacy.suggestions.models import Suggestion, SuggestionMessage
from advocacy.suggestions.services import suggestion_create
from tests.core.test_sanitize import XSS_PAYLOADS
from tests.factories import (
    DepartmentFactory,
    LocationFactory,
    SuggestionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

URL = "/suggest/"
VALID_BSN = "111222333"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def employee():
    return UserFactory(first_name="Eva", last_name="de Vries")


@pytest.fixture
def employee_client(client, employee):
    client.force_login(employee)
    return client


def form_data(**overrides):
    data = {
        "url": "https://example.org/news/happy-customers",
        "title": "Customers love the new app",
        "text": "Three customers told me the app saves them time.",
        "why": "It shows we listen.",
    }
    data.update(overrides)
    return data


def error_texts(response) -> str:
    return response.content.decode()


# --- the form ---------------------------------------------------------------------
def test_suggestion_create_page_shows_form_with_composer(employee_client):
    response = employee_client.get(URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert "data-guideline-composer" in html
    assert 'data-check-url="/api/v1/guidelines/check"' in html
    assert "data-composer-text" in html
    assert "advocacy/composer.js" in html


def test_suggestion_create_requires_login(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_suggestion_create_stores_sanitised_suggestion(employee_client, employee):
    sales = DepartmentFactory(name="Sales", slug="sales")
    utrecht = LocationFactory(name="Utrecht", slug="utrecht")
    response = employee_client.post(
        URL,
        form_data(
            text="Great <strong>news</strong><script>alert(1)</script> "
            '<a href="javascript:alert(1)">x</a>',
            departments=[sales.pk],
            locations=[utrecht.pk],
        ),
    )

    suggestion = Suggestion.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/suggest/mine/{suggestion.pk}/"
    assert suggestion.suggester == employee
    assert suggestion.status == Suggestion.Status.NEW
    assert suggestion.url == "https://example.org/news/happy-customers"
    assert suggestion.text == "<p>Great <strong>news</strong> x</p>"
    assert list(suggestion.audience_departments.all()) == [sales]
    assert list(suggestion.audience_locations.all()) == [utrecht]


def test_suggestion_create_with_only_a_link_is_enough(employee_client):
    response = employee_client.post(URL, {"url": "https://example.org/a"})

    assert response.status_code == 302
    assert Suggestion.objects.get().url == "https://example.org/a"


def test_suggestion_create_with_title_and_text_but_no_link_is_enough(
    employee_client,
):
    response = employee_client.post(URL, form_data(url=""))

    assert response.status_code == 302
    assert Suggestion.objects.get().url == ""


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"title": "Only a title"},
        {"text": "Only a text"},
        {"why": "Only why"},
        {"title": "<b></b>", "text": "<script>x</script>"},
    ],
)
def test_suggestion_create_without_link_or_title_and_text_is_refused(
    employee_client, data
):
    response = employee_client.post(URL, data)

    assert response.status_code == 400
    assert "Give us a link, or a title and a short text" in error_texts(response)
    assert not Suggestion.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "ftp://example.org/file",
        "data:text/html,hi",
        "file:///etc/passwd",
        "not a url",
    ],
)
def test_suggestion_create_refuses_links_other_than_http(employee_client, url):
    response = employee_client.post(URL, form_data(url=url))

    assert response.status_code == 400
    assert "Enter a valid URL." in error_texts(response)
    assert not Suggestion.objects.exists()


def test_suggestion_create_blocked_by_guidelines_stores_nothing(employee_client):
    response = employee_client.post(
        URL, form_data(text=f"The customer's BSN is {VALID_BSN}, call her.")
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "citizen service number (BSN)" in html
    assert VALID_BSN in html  # the finding names what to fix
    assert not Suggestion.objects.exists()


def test_suggestion_create_blocking_finding_in_why_is_shown_on_that_field(
    employee_client,
):
    response = employee_client.post(URL, form_data(why=f"Her number is {VALID_BSN}"))

    assert response.status_code == 400
    assert "citizen service number (BSN)" in str(response.context["form"].errors["why"])
    assert not Suggestion.objects.exists()


def test_suggestion_create_warnings_do_not_block(employee_client):
    response = employee_client.post(
        URL, form_data(text="Mail jan.jansen@example.com for details.")
    )

    assert response.status_code == 302
    assert Suggestion.objects.count() == 1


def test_suggestion_create_long_text_is_not_held_to_a_post_length(employee_client):
    response = employee_client.post(URL, form_data(text="Lang verhaal. " * 400))

    assert response.status_code == 302


def test_suggestion_create_service_rechecks_guidelines(employee):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as excinfo:
        suggestion_create(
            suggester=employee, title=f"BSN {VALID_BSN}", text="Some text."
        )

    assert "title" in excinfo.value.message_dict
    assert not Suggestion.objects.exists()


# --- rate limit -------------------------------------------------------------------
def test_suggestion_create_rate_limit_refuses_the_21st_in_a_day(
    employee_client, employee
):
    SuggestionFactory.create_batch(
        20, suggester=employee, created_at=timezone.now() - timedelta(hours=23)
    )

    response = employee_client.post(URL, form_data())

    assert response.status_code == 400
    assert "You have sent 20 suggestions in the last 24 hours" in error_texts(response)
    assert Suggestion.objects.count() == 20


def test_suggestion_create_rate_limit_forgets_suggestions_older_than_a_day(
    employee_client, employee
):
    SuggestionFactory.create_batch(
        20, suggester=employee, created_at=timezone.now() - timedelta(hours=25)
    )

    response = employee_client.post(URL, form_data())

    assert response.status_code == 302
    assert Suggestion.objects.count() == 21


def test_suggestion_create_rate_limit_is_per_user(employee_client):
    SuggestionFactory.create_batch(20)

    response = employee_client.post(URL, form_data())

    assert response.status_code == 302


def test_suggestion_create_rate_limit_follows_the_setting(
    employee_client, employee, settings
):
    settings.BOEGBEELD_SUGGESTION_DAILY_LIMIT = 2
    SuggestionFactory.create_batch(2, suggester=employee)

    response = employee_client.post(URL, form_data())

    assert response.status_code == 400
    assert Suggestion.objects.count() == 2


# --- my suggestions ---------------------------------------------------------------
def test_suggestion_list_shows_only_own_suggestions(employee_client, employee):
    SuggestionFactory(suggester=employee, title="Mine")
    SuggestionFactory(title="Someone else's")

    response = employee_client.get("/suggest/mine/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Mine" in html
    assert "Someone else" not in html


def test_suggestion_list_shows_status_and_rejection_reason(employee_client, employee):
    SuggestionFactory(
        suggester=employee,
        status=Suggestion.Status.REJECTED,
        rejection_reason="We covered this last month.",
    )

    html = employee_client.get("/suggest/mine/").content.decode()

    assert "Not taken up" in html
    assert "We covered this last month." in html


def test_suggestion_detail_of_another_user_is_not_found(employee_client):
    other = SuggestionFactory()

    assert employee_client.get(f"/suggest/mine/{other.pk}/").status_code == 404
    assert (
        employee_client.post(
            f"/suggest/mine/{other.pk}/", {"answer": "Hijacked"}
        ).status_code
        == 404
    )


def test_suggestion_detail_requires_login(client):
    suggestion = SuggestionFactory()

    response = client.get(f"/suggest/mine/{suggestion.pk}/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_suggestion_detail_shows_question_and_answer_form(employee_client, employee):
    suggestion = SuggestionFactory(suggester=employee, status="question")
    SuggestionMessage.objects.create(
        suggestion=suggestion, kind="question", text="Which customers were they?"
    )

    html = employee_client.get(f"/suggest/mine/{suggestion.pk}/").content.decode()

    assert "Which customers were they?" in html
    assert 'name="answer"' in html


def test_suggestion_answer_returns_suggestion_to_the_queue(employee_client, employee):
    suggestion = SuggestionFactory(suggester=employee, status="question")

    response = employee_client.post(
        f"/suggest/mine/{suggestion.pk}/", {"answer": "Three in Utrecht."}
    )

    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.NEW
    answer = suggestion.messages.get()
    assert (answer.kind, answer.text, answer.author) == (
        "answer",
        "Three in Utrecht.",
        employee,
    )


def test_suggestion_answer_is_checked_against_guidelines(employee_client, employee):
    suggestion = SuggestionFactory(suggester=employee, status="question")

    response = employee_client.post(
        f"/suggest/mine/{suggestion.pk}/", {"answer": f"Her BSN is {VALID_BSN}"}
    )

    assert response.status_code == 400
    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.QUESTION
    assert not suggestion.messages.exists()


def test_suggestion_answer_without_open_question_changes_nothing(
    employee_client, employee
):
    suggestion = SuggestionFactory(suggester=employee, status="rejected")

    employee_client.post(f"/suggest/mine/{suggestion.pk}/", {"answer": "But…"})

    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.REJECTED
    assert not suggestion.messages.exists()


# --- no executable markup on the employee's pages --------------------------------
class _PageMarkup(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.handlers: list[str] = []
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for name, value in attrs:
            if name.startswith("on") or name in {"style", "srcdoc", "formaction"}:
                self.handlers.append(f"{tag}[{name}]")
            if name in {"href", "src", "action", "data", "poster"} and value:
                self.urls.append(value)

    handle_startendtag = handle_starttag


def page_markup(html: str) -> _PageMarkup:
    parser = _PageMarkup()
    parser.feed(html)
    parser.close()
    return parser


def assert_page_has_no_injected_markup(html: str, baseline: str) -> None:
    """Compared with the same page for a harmless suggestion: nothing new runs."""
    page, reference = page_markup(html), page_markup(baseline)
    dangerous = {"script", "iframe", "object", "embed", "svg", "math", "base", "form"}
    for tag in dangerous | {"meta", "style", "link", "img", "input", "textarea"}:
        assert page.tags.count(tag) == reference.tags.count(tag), tag
    assert page.handlers == reference.handlers
    for url in page.urls:
        assert urlsplit(url).scheme in {"", "http", "https", "mailto"}, url


def _store_payload_suggestion(user, payload: str) -> Suggestion:
    return suggestion_create(
        suggester=user,
        url="https://example.org/a",
        title=payload[:200],
        text=payload,
        why=payload,
    )


def test_suggestion_pages_render_xss_payloads_harmlessly(client):
    harmless_user = UserFactory()
    harmless = _store_payload_suggestion(harmless_user, "A harmless suggestion")
    client.force_login(harmless_user)
    baseline_detail = client.get(f"/suggest/mine/{harmless.pk}/").content.decode()
    baseline_list = client.get("/suggest/mine/").content.decode()

    for payload in XSS_PAYLOADS:
        user = UserFactory()
        suggestion = _store_payload_suggestion(user, payload)
        client.force_login(user)

        detail = client.get(f"/suggest/mine/{suggestion.pk}/")
        listing = client.get("/suggest/mine/")

        assert detail.status_code == 200, payload
        assert_page_has_no_injected_markup(detail.content.decode(), baseline_detail)
        assert_page_has_no_injected_markup(listing.content.decode(), baseline_list)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_suggestion_create_runs_in_a_transaction_of_its_own(employee):
    """Views call it outside any transaction; its per-user lock needs one."""
    from django.db import connection

    assert not connection.in_atomic_block
    suggestion = suggestion_create(
        suggester=employee, url="https://example.com/nieuws/zonnepanelen"
    )
    assert Suggestion.objects.filter(pk=suggestion.pk).exists()
