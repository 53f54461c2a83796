from django.urls import path

from coproduce.outreach import views

app_name = "outreach"

urlpatterns = [
    path("calls/", views.calls, name="calls"),
    path("calls/<int:pk>/done/", views.call_done, name="call-done"),
    path("members/<int:pk>/choices/", views.member_choices, name="member-choices"),
    path("me/choices/", views.my_choices, name="my-choices"),
]
