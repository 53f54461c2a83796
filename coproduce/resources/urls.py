from django.urls import path

from coproduce.resources.views import library, manage, posters

app_name = "resources"

urlpatterns = [
    path("", library.library, name="library"),
    path("new/", manage.resource_new, name="resource-new"),
    path("<int:pk>/", library.resource_detail, name="resource-detail"),
    path("<int:pk>/edit/", manage.resource_edit, name="resource-edit"),
    path("<int:pk>/versions/new/", manage.version_new, name="version-new"),
    path("<int:pk>/versions/<int:number>/download/", library.download, name="download"),
    path("posters/new/", posters.poster_new, name="poster-new"),
    path("posters/<int:pk>/", posters.poster_detail, name="poster-detail"),
    path("posters/<int:pk>/poster.pdf", posters.poster_pdf, name="poster-pdf"),
    path("posters/<int:pk>/preview.png", posters.poster_png, name="poster-png"),
    path("posters/<int:pk>/add-to-library/", posters.poster_to_library, name="poster-to-library"),
]
