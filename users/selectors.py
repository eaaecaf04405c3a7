from users.models import User


def user_get_profile(*, user_id: int) -> User:
    return User.objects.prefetch_related("equipment").get(pk=user_id)
