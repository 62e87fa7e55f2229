"""What research does when ideas change below it."""

from ideas.signals import ideas_merged

from . import services


def move_research_of_merged_idea(sender, source, target, **kwargs):
    services.move_research_of_merged_idea(source, target)


def connect():
    ideas_merged.connect(
        move_research_of_merged_idea, dispatch_uid="research_move_research_of_merged_idea"
    )
