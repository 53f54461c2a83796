from django.urls import path

from coproduce.support.views import ask, handle, queue

app_name = "support"

urlpatterns = [
    path("", queue.request_list, name="request-list"),
    path("ask/", ask.request_new, name="request-new"),
    path("ask/sent/", ask.request_sent, name="request-sent"),
    path("requests/<int:pk>/", handle.request_detail, name="request-detail"),
]
