from django.urls import path

from coproduce.outreach import receipts, views

app_name = "outreach"

urlpatterns = [
    path("calls/", views.calls, name="calls"),
    path("calls/<int:pk>/done/", views.call_done, name="call-done"),
    path("members/<int:pk>/choices/", views.member_choices, name="member-choices"),
    path("notify/receipts/", receipts.notify_receipt, name="notify-receipt"),
    path("me/choices/", views.my_choices, name="my-choices"),
]
