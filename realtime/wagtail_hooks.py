"""The screens' actions in the CMS's history (see realtime/audit.py)."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from realtime import audit


@hooks.register("register_log_actions")
def register_realtime_log_actions(actions) -> None:
    for action, label, message in (
        (audit.FEEDBACK_APPROVED, _("Approve feedback"), _("Feedback approved")),
        (audit.FEEDBACK_HIDDEN, _("Hide feedback"), _("Feedback hidden")),
        (audit.EMERGENCY_SET, _("Show an emergency message"), _("Emergency shown")),
        (
            audit.EMERGENCY_CLEARED,
            _("Clear an emergency message"),
            _("Emergency cleared"),
        ),
        (audit.SCREEN_PAIRED, _("Pair a screen"), _("Screen paired")),
        (audit.SCREEN_REVOKED, _("Revoke a screen"), _("Screen revoked")),
    ):
        actions.register_action(action, label, message)
