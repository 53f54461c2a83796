from django.urls import path

from coproduce.organisations.views import organisation_new, structure, team_contact

app_name = "organisations"

urlpatterns = [
    path("", structure.structure, name="structure"),
    path("new/", organisation_new.organisation_new, name="organisation-new"),
    path("<int:pk>/team-contact/", team_contact.team_contact, name="team-contact"),
    path("directorates/new/", structure.directorate_new, name="directorate-new"),
    path("directorates/<int:pk>/", structure.directorate_edit, name="directorate-edit"),
    path("services/new/", structure.service_new, name="service-new"),
    path("services/<int:pk>/", structure.service_edit, name="service-edit"),
]
