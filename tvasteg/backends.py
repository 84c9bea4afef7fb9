"""Django's ``ModelBackend``, loading the signed-in person together with what the second step
needs (``selectors.with_login_state``: two EXISTS columns in the same query). So the middleware
asks the database nothing more for a session that needs no second step, and a verified session
costs only django-otp's read of its device."""

from django.contrib.auth import backends, get_user_model

from . import selectors


class ModelBackend(backends.ModelBackend):
    def get_user(self, user_id):
        User = get_user_model()
        try:
            user = selectors.with_login_state(User._default_manager.all()).get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
