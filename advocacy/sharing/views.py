"""Pages of sharing: composer, confirmation, tracked links, impact, analytics."""

from __future__ import annotations

import csv
import json
import logging

from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from accounts.models import Profile
from advocacy.guidelines.checks import MAX_TEXT_LENGTH
from advocacy.sharing import analytics, charts, intents, points
from advocacy.sharing import services as sharing
from advocacy.sharing.analytics.figures import short_date
from advocacy.sharing.clicks import click_record, client_ip, is_bot
from advocacy.sharing.forms import PeriodForm, ShareForm
from advocacy.sharing.hand_off_views import share_prepared, wants_json
from advocacy.sharing.links import (
    preview_note,
    preview_to_note,
    tracked_link_resolve,
)
from advocacy.sharing.tasks import figures_refresh_if_due
from core import metrics, networks
from core.db_router import replica_reads
from core.forms import form_add_service_errors
from core.network_labels import network_label
from core.spreadsheets import spreadsheet_cell

logger = logging.getLogger(__name__)


# --- tracked links (public) -----------------------------------------------------------
@require_safe
def tracked_link_redirect(request: HttpRequest, code: str) -> HttpResponse:
    """302 to the story with UTM parameters; counts the visit, not the visitor."""
    target = tracked_link_resolve(code)
    if target is None:
        return render(request, "advocacy/share/link_not_found.html", status=404)
    if target.url is None:
        return render(request, "advocacy/share/link_gone.html", status=410)
    user_agent = request.META.get("HTTP_USER_AGENT", "")
    bot = is_bot(user_agent)
    metrics.redirect_counted(bot=bot)
    # Link previews fetch with HEAD or as a crawler: they get the redirect only.
    if bot:
        crawler = preview_to_note(target, user_agent)
        if crawler is not None:
            preview_note(target, crawler)
    elif request.method == "GET":
        try:
            click_record(
                share_id=target.share_id,
                code=target.code,
                ip=client_ip(request.META),
                user_agent=user_agent,
            )
        except Exception:  # a lost count must never cost the visitor the story
            logger.exception("Could not record a click on %s", target.code)
        else:
            figures_refresh_if_due()
    response = HttpResponseRedirect(target.url)
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


# --- the composer ------------------------------------------------------------------
def _default_network(story) -> str:
    for share_text in story.share_texts.all():
        if share_text.network in networks.BY_CODE:
            return share_text.network
    return networks.DEFAULT


@login_required
def share_compose(request: HttpRequest, story_id: int) -> HttpResponse:
    story = sharing.story_for_sharing(user=request.user, story_id=story_id)
    if request.method == "POST":
        form = ShareForm(request.POST)
        if form.is_valid():
            try:
                share = sharing.share_create(
                    user=request.user,
                    story=story,
                    network=form.cleaned_data["network"],
                    text=form.cleaned_data["text"],
                    dismissed=form.cleaned_data["dismissed"],
                )
            except ValidationError as exc:
                form_add_service_errors(form, exc)
            else:
                if wants_json(request):
                    return share_prepared(request, share)
                return redirect("sharing:share_done", pk=share.pk)
        if wants_json(request):
            return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
        network = form.data.get("network", "")
    else:
        network = request.GET.get("network", "")
        if network not in networks.BY_CODE:
            network = _default_network(story)
        form = ShareForm(
            initial={
                "network": network,
                "text": sharing.share_start_text(story=story, network=network),
            }
        )
    config = points.sharing_settings()
    profile = Profile.objects.filter(user=request.user).first()
    start_texts = {
        code: sharing.share_start_text(story=story, network=code)
        for code in networks.CODES
    }
    # A dismissals field no browser sends (the widget writes it) is a bad request.
    unreadable = form.has_error(NON_FIELD_ERRORS, code="dismissed_unreadable")
    return render(
        request,
        "advocacy/share/compose.html",
        {
            "story": story,
            "form": form,
            "network": network,
            "promotional": story.promotional or config.rewards(network),
            "start_texts": start_texts,
            "rewarded_networks": [
                code for code in networks.CODES if config.rewards(code)
            ],
            "points_per_share": config.points_per_share if config.points_enabled else 0,
            "has_mastodon": bool(
                profile and intents.mastodon_host(profile.mastodon_instance)
            ),
            "url_only_networks": sorted(intents.URL_ONLY | intents.COPY_ONLY),
            "copy_only_networks": sorted(intents.COPY_ONLY),
        },
        status=400 if unreadable else 200,
    )


@login_required
@require_POST
def share_nudge(request: HttpRequest, story_id: int) -> JsonResponse:
    """The authenticity nudge for a draft (the composer asks after each check)."""
    story = sharing.story_for_sharing(user=request.user, story_id=story_id)
    try:
        data = json.loads(request.body or b"{}")
    except (ValueError, RecursionError):  # deep nesting exhausts the parser
        data = None
    if not isinstance(data, dict):
        return JsonResponse({"detail": _("Send a JSON object.")}, status=400)
    text = str(data.get("text", ""))[:MAX_TEXT_LENGTH]
    network = str(data.get("network", ""))
    if network not in networks.BY_CODE:
        network = networks.DEFAULT
    kind = sharing.share_nudge(story=story, network=network, text=text)
    return JsonResponse({"nudge": sharing.nudge_message(kind)})


@login_required
@never_cache
def share_done(request: HttpRequest, pk: int) -> HttpResponse:
    share = sharing.share_get_for_user(user=request.user, pk=pk)
    outcome = sharing.share_outcome(share=share, user=request.user)
    return render(
        request,
        "advocacy/share/done.html",
        {
            "share": share,
            "outcome": outcome,
            "network_label": network_label(share.network),
        },
    )


# --- my impact, leaderboard -----------------------------------------------------------
@login_required
def impact(request: HttpRequest) -> HttpResponse:
    user = request.user
    period = analytics.Period.last_days(30)
    per_day = analytics.my_clicks_per_day(user=user, period=period)
    labels = [short_date(day) for day, _s, _c in per_day]
    series = [
        charts.Series(_("Shares"), [s for _d, s, _c in per_day], "is-shares"),
        charts.Series(_("Clicks"), [c for _d, _s, c in per_day], "is-clicks"),
    ]
    profile = Profile.objects.filter(user=user).first()
    return render(
        request,
        "advocacy/impact/impact.html",
        {
            "totals": analytics.my_totals(user=user),
            "points_total": points.points_total(user=user),
            "rank": points.points_rank(user=user),
            "shares": analytics.my_shares(user=user),
            "networks": analytics.my_by_network(user=user),
            "chart": charts.bar_chart(
                labels, series, title=_("Your shares and clicks, last 30 days")
            ),
            "legend": charts.legend(series),
            "opted_in": bool(profile and profile.leaderboard_opt_in),
        },
    )


@login_required
def leaderboard(request: HttpRequest) -> HttpResponse:
    profile = Profile.objects.filter(user=request.user).first()
    return render(
        request,
        "advocacy/impact/leaderboard.html",
        {
            "rows": points.leaderboard(viewer=request.user),
            "rank": points.points_rank(user=request.user),
            "points_total": points.points_total(user=request.user),
            "opted_in": bool(profile and profile.leaderboard_opt_in),
        },
    )


# --- analytics (comms staff) ---------------------------------------------------------
ANALYTICS_PERMISSION = "advocacy.view_analytics"


def _period_form(request: HttpRequest) -> PeriodForm:
    given = {k: v for k, v in request.GET.items() if k in {"start", "end"} and v}
    default = analytics.Period.last_days(30)
    return PeriodForm(
        given or None, initial={"start": default.start, "end": default.end}
    )


@login_required
@permission_required(ANALYTICS_PERMISSION, raise_exception=True)
@replica_reads
def analytics_dashboard(request: HttpRequest) -> HttpResponse:
    form = _period_form(request)
    period = form.period()
    tables = analytics.dashboard(period)
    daily = tables["daily"].rows
    labels = [short_date(row[0]) for row in daily]
    series = [
        charts.Series(_("Shares"), [row[1] for row in daily], "is-shares"),
        charts.Series(_("Clicks"), [row[2] for row in daily], "is-clicks"),
    ]
    networks = tables["networks"].rows
    network_series = [
        charts.Series(_("Shares"), [row[1] for row in networks], "is-shares"),
        charts.Series(_("Clicks"), [row[2] for row in networks], "is-clicks"),
    ]
    return render(
        request,
        "advocacy/analytics/dashboard.html",
        {
            "form": form,
            "period": period,
            "tables": tables,
            "query": request.GET.urlencode(),
            "chart_daily": charts.bar_chart(
                labels, series, title=_("Shares and clicks per day")
            ),
            "chart_networks": charts.bar_chart(
                [row[0] for row in networks],
                network_series,
                title=_("Shares and clicks by network"),
                label_every=1,
            ),
            "legend": charts.legend(series),
        },
    )


@login_required
@permission_required(ANALYTICS_PERMISSION, raise_exception=True)
@replica_reads
def analytics_export(request: HttpRequest, table: str) -> HttpResponse:
    build = analytics.TABLES.get(table)
    if build is None:
        raise Http404
    form = _period_form(request)
    if form.is_bound and not form.is_valid():
        return HttpResponse(
            "; ".join(str(e) for errors in form.errors.values() for e in errors),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    period = form.period()
    data = build(period)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="boegbeeld-{data.slug}-{period.start}-{period.end}.csv"'
    )
    writer = csv.writer(response)
    writer.writerow([str(c) for c in data.columns])
    for row in data.rows:
        writer.writerow([spreadsheet_cell(value) for value in row])
    return response
