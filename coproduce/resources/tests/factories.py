import factory

from coproduce.resources.models import Resource, ResourceAudience, ResourceKind

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class ResourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resource

    title = factory.Sequence(lambda n: f"Resource {n}")
    kind = ResourceKind.GUIDANCE
    audience = ResourceAudience.EVERYONE
    summary = "Useful guidance."
    is_public = True
