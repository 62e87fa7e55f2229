"""Signals the ideas app sends, for the apps above it (pilots, search) to react to.

``threshold_reached(sender=Idea, idea=idea)`` is sent inside the transaction in which an idea
crossed its support threshold (``ideas.services.reach_threshold``), exactly once per idea.
The status changes with a conditional UPDATE, so no ``post_save`` is sent for it.
"""

from django.dispatch import Signal

threshold_reached = Signal()
