from django.urls import path

from coproduce.organisations.views import structure

app_name = "organisations"

urlpatterns = [
    path("", structure.structure, name="structure"),
    path("directorates/new/", structure.directorate_new, name="directorate-new"),
    path("directorates/<int:pk>/", structure.directorate_edit, name="directorate-edit"),
    path("services/new/", structure.service_new, name="service-new"),
    path("services/<int:pk>/", structure.service_edit, name="service-edit"),
]
