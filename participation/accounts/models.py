from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from participation import constants

RESEARCHERS_GROUP = "Forschende"
EDITORS_GROUP = "Editors"
MODERATORS_GROUP = "Moderators"


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        email = self.normalize_email(email).lower()
        user = self.model(email=email, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        extra_fields.setdefault("display_name", "Administration")
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """An account. The email is private; ``display_name`` is what others see."""

    class Notify(models.TextChoices):
        IMMEDIATE = "immediate", _("Sofort")
        DAILY = "daily", _("Tägliche Zusammenfassung")
        WEEKLY = "weekly", _("Wöchentliche Zusammenfassung")
        OWN = "own", _("Nur zu meinen eigenen Ideen")
        NONE = "none", _("Keine")

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("E-Mail-Adresse"), unique=True)
    display_name = models.CharField(
        _("Anzeigename"),
        max_length=60,
        help_text=_("Wird öffentlich neben Ihren Beiträgen angezeigt."),
    )
    language = models.CharField(
        _("Sprache"), max_length=8, choices=settings.LANGUAGES, default="de"
    )
    notify = models.CharField(
        _("Benachrichtigungen"),
        max_length=12,
        choices=Notify.choices,
        default=Notify.IMMEDIATE,
    )
    follow_supported = models.BooleanField(
        _("Unterstützten Ideen automatisch folgen"), default=True
    )
    institution = models.CharField(_("Institution"), max_length=200, blank=True)
    research_group = models.CharField(_("Lehrstuhl / Arbeitsgruppe"), max_length=200, blank=True)
    deleted_at = models.DateTimeField(_("gelöscht am"), null=True, blank=True, editable=False)
    researcher_until = models.DateField(
        _("Rolle „Forschende“ gültig bis"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Danach erlischt die Rolle, wenn sie nicht verlängert wurde."),
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    objects = UserManager()

    class Meta:
        verbose_name = _("Konto")
        verbose_name_plural = _("Konten")

    def __str__(self):
        return self.public_name

    @property
    def public_name(self):
        if self.deleted_at:
            return str(_("Gelöschtes Konto"))
        return self.display_name or str(_("Unbenannt"))

    def get_full_name(self):
        return self.public_name

    def get_short_name(self):
        return self.public_name

    @cached_property
    def group_names(self):
        return {group.name for group in self.groups.all()}

    @property
    def is_researcher(self):
        return RESEARCHERS_GROUP in self.group_names

    @property
    def is_editor(self):
        """The city's editors: official answers, status, pilots, roles ("Editors")."""
        return self.is_superuser or EDITORS_GROUP in self.group_names

    @property
    def is_moderator(self):
        """Moderators: hide and restore, settle reports, block accounts ("Moderators")."""
        return self.is_superuser or MODERATORS_GROUP in self.group_names

    @property
    def is_editorial(self):
        """Editors and moderators: they see hidden contributions and reach the admin."""
        return self.is_editor or self.is_moderator

    @property
    def shows_research_badge(self):
        """The researcher badge next to this account's name, from the kept list of researchers
        (:func:`researcher_ids`): no query per name an idea page shows. Permissions read the
        account's own groups (:attr:`is_researcher`) instead."""
        return self.pk in researcher_ids()

    @property
    def researcher_badge(self):
        if not self.shows_research_badge:
            return ""
        parts = [p for p in (self.research_group, self.institution) if p]
        return " · ".join(parts)

    @property
    def initials(self):
        """The first letters of the first two words of the name, titles skipped.

        Abbreviations such as "Prof.", "Dr." or "Dipl.-Ing." end with a full stop; "Prof. Dr.
        Jonas Weber" is "JW", not "PD". A name of abbreviations only keeps them.
        """
        words = [w for w in self.public_name.replace("-", " ").split() if w[:1].isalnum()]
        names = [w for w in words if not w.endswith(".")] or words
        letters = "".join(w[0] for w in names[:2]).upper()
        return letters or "?"

    @cached_property
    def has_verified_email(self):
        return EmailAddress.objects.filter(user=self, verified=True).exists()


def user_can_participate(user):
    """Residents participate once their email is verified and the account is active."""
    return bool(
        user.is_authenticated
        and user.is_active
        and not getattr(user, "deleted_at", None)
        and user.has_verified_email
    )


class ResearcherRoleRequest(models.Model):
    """A verified address at a university domain asks for the role "Forschende".

    Created when such an address is confirmed (``roles.request_researcher_role``); an editor
    confirms it with the research group (the role is granted) or declines it.
    """

    class State(models.TextChoices):
        OPEN = "open", _("Offen")
        CONFIRMED = "confirmed", _("Bestätigt")
        DECLINED = "declined", _("Abgelehnt")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="researcher_role_requests",
        verbose_name=_("Konto"),
    )
    email = models.EmailField(_("Bestätigte Adresse"))
    state = models.CharField(
        _("Stand"), max_length=10, choices=State.choices, default=State.OPEN, db_index=True
    )
    created = models.DateTimeField(_("angefragt am"), auto_now_add=True)
    decided_at = models.DateTimeField(_("entschieden am"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entschieden von"),
    )

    class Meta:
        verbose_name = _("Anfrage auf die Rolle „Forschende“")
        verbose_name_plural = _("Anfragen auf die Rolle „Forschende“")
        ordering = ["created", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(state="open"),
                name="one_open_researcher_request_per_account",
            )
        ]

    def __str__(self):
        return f"{self.user} ({self.email})"


def researcher_ids():
    """The ids of the accounts in the researchers' group, kept per process
    (:mod:`participation.constants`) and forgotten when a membership changes
    (``signal_handlers.roles_changed``)."""
    return constants.remember(
        "researcher-ids",
        lambda: frozenset(
            User.objects.filter(groups__name=RESEARCHERS_GROUP).values_list("pk", flat=True)
        ),
    )
