"""Context for the public pilot pages (the pages themselves are Wagtail pages)."""


def pilot_index_context(index_page, request):
    from .models import PilotPage

    pilots = PilotPage.objects.live().child_of(index_page).specific().order_by("title")
    return {"pilots": pilots}


def pilot_page_context(page, request):
    return {"progress": page.progress(), "kpis": page.kpi_rows()}
