import allauth.socialaccount.admin  # noqa: F401 (registers SocialApp, unregistered below)
from allauth.socialaccount.models import SocialApp
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from jsnlearn.accounts.forms import AdminUserChangeForm, AdminUserCreationForm
from jsnlearn.accounts.models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = AdminUserChangeForm
    add_form = AdminUserCreationForm
    list_display = ("email", "display_name", "is_staff", "is_active", "date_joined")
    list_filter = ("is_staff", "is_superuser", "is_active", "groups")
    search_fields = ("email", "display_name")
    ordering = ("-date_joined",)
    readonly_fields = ("last_login", "date_joined")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Profile", {"fields": ("display_name",)}),
        (
            "Permissions",
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "display_name", "usable_password", "password1", "password2"),
            },
        ),
    )


# Sign-in providers are configured by environment variables alone (jsnlearn/providers.py), which
# also let the Content-Security-Policy send the sign-in form to them: an app added in the admin
# would be blocked there, so the admin doesn't offer it.
admin.site.unregister(SocialApp)
