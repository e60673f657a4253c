from django.urls import path

from jsnlearn.classrooms import views

app_name = "classrooms"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("join/", views.join_by_code, name="join_by_code"),
    path("join/<str:code>/", views.join, name="join"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path("<int:membership_id>/leave/", views.leave, name="leave"),
    path("<int:membership_id>/reminders/", views.reminders, name="reminders"),
    path("calendar/link/", views.calendar_link, name="calendar_link"),
    path("calendar/<str:token>.ics", views.calendar, name="calendar"),
]
