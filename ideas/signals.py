"""Signals the ideas app sends, for the apps above it (pilots, search) to react to.

``threshold_reached(sender=Idea, idea=idea)`` is sent inside the transaction in which an idea
crossed its support threshold (``ideas.services.reach_threshold``), exactly once per idea.
The status changes with a conditional UPDATE, so no ``post_save`` is sent for it.

``ideas_merged(sender=Idea, source=idea, target=idea)`` is sent inside the transaction of
``ideas.services.merge_ideas``, after supports and followers moved: the discussion moves the
source's comments to the target, research its assessments and partner offers, the search
index refreshes the target.
"""

from django.dispatch import Signal

threshold_reached = Signal()
ideas_merged = Signal()
