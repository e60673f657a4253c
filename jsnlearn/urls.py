from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from jsnlearn import views

admin.site.site_header = "jsnlearn administration"
admin.site.site_title = "jsnlearn admin"
admin.site.index_title = "Courses, learners and settings"
# The admin signs in through the site's own sign-in page, with its rate limits.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", views.home, name="home"),
    path("about/", views.about, name="about"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon),
    path("accounts/", include("jsnlearn.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("review/", include("jsnlearn.review.urls")),
    path("classes/", include("jsnlearn.classrooms.urls")),
    path("unsubscribe/", include("jsnlearn.classrooms.unsubscribe")),
    path("admin/reports/certificates/", include("jsnlearn.certificates.admin_urls")),
    path("admin/reports/", include("jsnlearn.reports.urls")),
    path("admin/bundles/", include("jsnlearn.bundles.urls")),
    path("admin/", admin.site.urls),
    # Quizzes first: `courses/<course>/<module>/quiz/<quiz>/` would otherwise be taken for the
    # lesson "quiz"'s completion when the quiz is called "complete". No lesson is called "quiz"
    # (lessons.models.RESERVED_LESSON_SLUGS), so no lesson address is a quiz's.
    path("", include("jsnlearn.certificates.urls")),
    path("", include("quizzes.urls")),
    path("", include("lessons.urls")),
]
