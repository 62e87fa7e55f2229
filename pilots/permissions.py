"""Who may publish pilots: nobody past the review.

A pilot goes live only when "Pilot-Freigabe" finishes (``PilotPage.publish_after_review``
publishes it on behalf of the approving editor). Outside the
workflow nobody gets "Veröffentlichen" on a pilot that is not live yet or is in review, not
editors, moderators or superusers: the page editor hides the button, and a hand-made POST of
``action-publish`` only saves a draft (Wagtail's edit view asks ``can_publish()``), as do the
bulk action, the API and creating a pilot with "publish" under the index. Once a pilot is live
and no workflow runs for it, editors publish its updates (milestones, news, measurements) as
any page, within ``pilots.admin_views.PilotEditView``'s completeness check.

A translation (the English page, made with "Translate") tells a reviewed pilot in another
language: editors publish it once its German page is live; its facts come from there
(``pilots.translations``).
"""

from wagtail.models import PagePermissionTester

from participation.page_locales import default_locale_page


class PilotPermissionTester(PagePermissionTester):
    def can_publish(self):
        if not super().can_publish() or self.page.workflow_in_progress:
            return False
        if self.page.live:
            return True
        source = default_locale_page(self.page)
        return source.pk != self.page.pk and source.live


class PilotIndexPermissionTester(PagePermissionTester):
    def can_publish_subpage(self):
        """A new pilot cannot be created and published in one go: it starts as a draft."""
        return False
