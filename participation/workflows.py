"""What a finished Wagtail workflow does (``WAGTAIL_FINISH_WORKFLOW_ACTION``).

Like Wagtail's ``publish_workflow_state``, it publishes the object's latest revision, unless
the object publishes itself after review (``publish_after_review(revision, user=None)``, e.g.
``pilots.models.PilotPage``). Wagtail imports this module while it defines its models: it must
import nothing.
"""


def publish_workflow_object(workflow_state, user=None):
    obj = workflow_state.content_object
    obj = getattr(obj, "specific", obj)
    revision = obj.get_latest_revision()
    publish_after_review = getattr(obj, "publish_after_review", None)
    if publish_after_review is None:
        revision.publish(user=user)
    else:
        publish_after_review(revision, user=user)
