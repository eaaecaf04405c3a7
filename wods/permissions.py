"""Who may do what in the WOD API beyond the default (a token, and one's own data)."""

from rest_framework.permissions import BasePermission

# Asking for every athlete's daily WOD: the cron service account holds this permission and
# nothing else (`manage.py create_service_account`); it is neither staff nor superuser.
DAILY_WODS_PERMISSION = "wods.request_daily_wods"


class CanRequestDailyWods(BasePermission):
    """The caller holds DAILY_WODS_PERMISSION (superusers hold every permission)."""

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.has_perm(DAILY_WODS_PERMISSION))
