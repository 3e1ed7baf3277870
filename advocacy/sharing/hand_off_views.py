"""Views of the hand-off: the composer's script gets the prepared share, and the
post leaving for the network is recorded (`hand_off.share_hand_off`)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from advocacy.sharing import hand_off
from advocacy.sharing import services as sharing
from advocacy.sharing.models import Share


def wants_json(request: HttpRequest) -> bool:
    """The composer's script asks for JSON; a plain form post gets pages."""
    return "application/json" in request.headers.get("Accept", "")


def share_prepared(request: HttpRequest, share: Share) -> JsonResponse:
    """What the composer's script needs to hand the prepared post off at once."""
    outcome = sharing.share_outcome(share=share, user=request.user)
    return JsonResponse(
        {
            "share": share.pk,
            "done_url": reverse("sharing:share_done", args=[share.pk]),
            "hand_off_url": reverse("sharing:share_hand_off", args=[share.pk]),
            "intent_url": outcome.intent.url,
            "copy_first": outcome.intent.copy_first,
            "text": share.text,
            "link": outcome.link,
            "post": outcome.post,
        },
        status=201,
    )


class IntentRedirect(HttpResponseRedirect):
    """To the network's share page; e-mail's is a mailto: address."""

    allowed_schemes = ["https", "http", "mailto"]


@login_required
@require_POST
def share_hand_off(request: HttpRequest, pk: int) -> HttpResponse:
    """The post leaves for the network: count the share (once) and go there.

    Works without JavaScript (the confirmation's buttons are forms: the intent's
    answers with a redirect to the network) and with it (`fetch`, then the script
    opens the network or the share sheet itself and gets JSON here).
    """
    path = request.POST.get("path", "")
    try:
        result = hand_off.share_hand_off(user=request.user, share_id=pk, path=path)
    except ValidationError as exc:
        if wants_json(request):
            return JsonResponse({"errors": exc.message_dict}, status=400)
        return HttpResponse(
            "; ".join(exc.messages),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    share = result.share
    if wants_json(request):
        return JsonResponse({"counted": result.counted, "path": share.hand_off})
    if path == Share.HandOff.INTENT:
        intent = sharing.share_outcome(share=share, user=request.user).intent
        if intent.url:
            response = IntentRedirect(intent.url)
            response["Cache-Control"] = "no-store"
            return response
    return redirect("sharing:share_done", pk=pk)
