"""The benchmark's floors: the least a page of its kind can cost in this project.

Mounted only in the benchmark (``run_benchmarks`` sets ``ROOT_URLCONF`` to this module in its
measuring process, ``demo.bench_wsgi`` in its gunicorn): the portal's own URLs follow unchanged.
Every floor runs through the same middleware as the pages (sessions, authentication, CSRF,
locale, security headers) and reads the same data, with one ORM query and a minimal template:

- ``floor``: no query, no template (the framework's floor);
- ``list_floor``: the same 20 cards as the idea list (title, topic, district, support count,
  date, picture or not), with the list's filters, orderings and page number;
- ``detail_floor``: one idea by primary key with topic and district (``select_related``);
- ``support_floor``: a support row INSERTed and the idea's counter raised with ``F()`` in one
  transaction, answered with a redirect like the support view.
"""

from django.db import transaction
from django.db.models import F
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template import engines
from django.urls import path
from django.views.decorators.http import require_POST

from ideas.models import Idea, Support
from participation import urls as portal

PAGE_SIZE = 20
ORDERINGS = {"neu": ("-created", "-id"), "unterstuetzt": ("-support_count", "-id")}

# Compiled once, as the cached template loader keeps the portal's templates.
LIST_TEMPLATE = engines["django"].from_string(
    """<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Ideen</title></head>
<body><main><ul>{% for idea in ideas %}<li><article><h2>{{ idea.title }}</h2>
<p>{{ idea.topic.name }} · {{ idea.district.name }} · {{ idea.support_count }}
· {{ idea.created|date:"d.m.Y" }}{% if idea.image %} · Bild{% endif %}</p></article></li>
{% endfor %}</ul></main></body></html>"""
)
DETAIL_TEMPLATE = engines["django"].from_string(
    """<!doctype html><html lang="de"><head><meta charset="utf-8"><title>{{ idea.title }}</title>
</head><body><main><article><h1>{{ idea.title }}</h1>
<p>{{ idea.topic.name }} · {{ idea.district.name }} · {{ idea.support_count }}
· {{ idea.created|date:"d.m.Y" }}</p>{{ idea.text|linebreaks }}</article></main></body></html>"""
)


def floor(request):
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


def list_floor(request):
    ideas = Idea.objects.public().select_related("topic", "district")
    if request.GET.get("thema"):
        ideas = ideas.filter(topic__slug=request.GET["thema"])
    if request.GET.get("bezirk"):
        ideas = ideas.filter(district__slug=request.GET["bezirk"])
    try:
        page = max(1, int(request.GET.get("seite", 1)))
    except ValueError:
        page = 1
    ordering = ORDERINGS.get(request.GET.get("sortierung", "neu"), ORDERINGS["neu"])
    start = (page - 1) * PAGE_SIZE
    rows = ideas.only(
        "id", "title", "support_count", "created", "image", "topic__name", "district__name"
    ).order_by(*ordering)[start : start + PAGE_SIZE]
    return HttpResponse(LIST_TEMPLATE.render({"ideas": rows}, request))


def detail_floor(request, pk):
    idea = Idea.objects.public().select_related("topic", "district").filter(pk=pk).first()
    if idea is None:
        raise Http404
    return HttpResponse(DETAIL_TEMPLATE.render({"idea": idea}, request))


@require_POST
def support_floor(request, pk):
    if not request.user.is_authenticated:
        return HttpResponse(status=403)
    with transaction.atomic():
        Support.objects.create(idea_id=pk, user=request.user)
        Idea.objects.filter(pk=pk).update(support_count=F("support_count") + 1)
    return redirect(f"/_bench/detail/{pk}/")


urlpatterns = [
    path("_bench/floor/", floor, name="bench_floor"),
    path("_bench/list/", list_floor, name="bench_list_floor"),
    path("_bench/detail/<int:pk>/", detail_floor, name="bench_detail_floor"),
    path("_bench/support/<int:pk>/", support_floor, name="bench_support_floor"),
    *portal.urlpatterns,
]

handler403 = portal.handler403
handler404 = portal.handler404
handler500 = portal.handler500
handler429 = portal.handler429
