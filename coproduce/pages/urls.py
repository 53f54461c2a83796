from django.urls import path

from coproduce.pages import views

app_name = "pages"

urlpatterns = [
    path("", views.home, name="home"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("contact/", views.contact, name="contact"),
    path("healthz", views.healthz, name="healthz"),
    path("assets/<path:name>", views.nhsuk_asset, name="nhsuk-asset"),
]
