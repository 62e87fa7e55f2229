from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils.translation import gettext_lazy as _

from . import services
from .images import clean_image, describe_limits
from .models import CallForUseCasesPage, District, Idea, Topic

PENDING_SALT = "ideas.pending-image"


def sign_pending_image(image):
    return signing.dumps({"p": image.pk, "u": image.user_id}, salt=PENDING_SALT)


def read_pending_image(token, user):
    """The ``PendingImage`` uploaded earlier in this proposal by ``user``, or None."""
    if not token:
        return None
    try:
        data = signing.loads(token, salt=PENDING_SALT, max_age=services.PENDING_IMAGE_HOURS * 3600)
    except signing.BadSignature:
        return None
    if data.get("u") != user.pk or not isinstance(data.get("p"), int):
        return None
    return services.pending_images(user).filter(pk=data["p"]).first()


def _is_page_id(value):
    """Digits within the page id column's range: anything else names no call."""
    if not str(value).isdigit():
        return False
    _low, high = connection.ops.integer_field_range(
        CallForUseCasesPage._meta.pk.target_field.get_internal_type()
    )
    return int(value) <= high


class IdeaForm(forms.ModelForm):
    """Residents' idea form. Status, author and counters are not fields: they cannot be posted."""

    image = forms.FileField(
        label=_("Bild (optional)"),
        required=False,
        help_text=describe_limits(),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    pending_image = forms.CharField(required=False, widget=forms.HiddenInput)
    remove_image = forms.BooleanField(label=_("Bild entfernen"), required=False)

    class Meta:
        model = Idea
        fields = ["title", "text", "summary_easy", "topic", "district", "place", "image_alt"]
        help_texts = {
            "title": _("Kurz und klar, höchstens 120 Zeichen."),
            "text": _(
                "Was ist das Problem, was schlagen Sie vor, wem hilft es? 50 bis 5.000 Zeichen, "
                "nur Text."
            ),
            "summary_easy": _("Optional: Ihre Idee in kurzen, einfachen Sätzen."),
            "place": _(
                "Optional: zum Beispiel „Kreuzung Friedrich-Ebert-Straße / Laurentiusplatz“."
            ),
            "image_alt": _("Beschreiben Sie, was auf dem Bild zu sehen ist (für Screenreader)."),
        }
        widgets = {
            "title": forms.TextInput(attrs={"maxlength": 120}),
            "text": forms.Textarea(attrs={"rows": 10, "maxlength": 5000}),
            "summary_easy": forms.Textarea(attrs={"rows": 4, "maxlength": 1000}),
        }

    def __init__(self, *args, user=None, call=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        self._setup_call_field(call)
        self.fields["topic"].queryset = Topic.objects.all()
        self.fields["district"].queryset = District.objects.all()
        self.fields["topic"].empty_label = _("Bitte wählen")
        self.fields["district"].empty_label = _("Bitte wählen")
        self.fields["text"].min_length = 50
        self.fields["text"].max_length = 5000
        if not (self.instance.pk and self.instance.image):
            del self.fields["remove_image"]
        self.cleaned_image = None
        self.kept_image = None

    def _setup_call_field(self, preselected):
        """The optional call for use cases (``/ideen/neu/?aufruf=<id>``), open calls only.

        A hidden input when the form carries an open call (preselected or posted); a select
        when calls are open but none is chosen; no field at all when editing an idea or
        when no call is open.
        """
        self.selected_call = None
        if self.instance.pk:
            return
        calls = CallForUseCasesPage.open_calls()
        value = self.data.get(self.add_prefix("call")) if self.is_bound else preselected
        if value not in (None, ""):
            self.selected_call = calls.filter(pk=value).first() if _is_page_id(value) else None
        if self.selected_call is None and not calls.exists() and value in (None, ""):
            return
        field = forms.ModelChoiceField(
            label=_("Aufruf der Universität"),
            queryset=calls,
            required=False,
            empty_label=_("Kein Aufruf"),
            help_text=_("Optional: Ihre Idee als Antwort auf einen offenen Aufruf einreichen."),
            error_messages={
                "invalid_choice": _(
                    "Dieser Aufruf nimmt keine Ideen mehr an. Bitte wählen Sie einen offenen "
                    "Aufruf oder reichen Sie Ihre Idee ohne Aufruf ein."
                )
            },
        )
        if self.selected_call is not None:
            field.widget = forms.HiddenInput()
            if not self.is_bound:
                self.initial["call"] = self.selected_call.pk
                if self.selected_call.topic_id and "topic" not in self.initial:
                    self.initial["topic"] = self.selected_call.topic_id
        self.fields["call"] = field

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        if len(title) < 5:
            raise ValidationError(_("Bitte geben Sie einen Titel mit mindestens 5 Zeichen ein."))
        return title

    def clean_text(self):
        text = self.cleaned_data["text"].replace("\r\n", "\n").strip()
        if len(text) < 50:
            raise ValidationError(
                _("Bitte beschreiben Sie Ihre Idee mit mindestens 50 Zeichen (bisher %(n)s).")
                % {"n": len(text)}
            )
        return text

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        if not upload:
            return None
        self.cleaned_image = clean_image(upload)
        return self.cleaned_image

    def clean(self):
        cleaned = super().clean()
        # An image accepted in an earlier round is kept (signed token, same account).
        if self.cleaned_image is None and self.user is not None:
            self.kept_image = read_pending_image(cleaned.get("pending_image"), self.user)
        has_image = bool(
            self.cleaned_image
            or self.kept_image
            or (self.instance.pk and self.instance.image and not cleaned.get("remove_image"))
        )
        if has_image and not (cleaned.get("image_alt") or "").strip():
            self.add_error("image_alt", _("Bitte beschreiben Sie das Bild kurz (Alternativtext)."))
        return cleaned

    def keep_image(self):
        """Store a freshly accepted image so it survives a failed submit or the preview step;
        the signed token for the form. Over the account's quota the image is refused with an
        error on the image field (the rest of the input stays)."""
        if self.cleaned_image is not None and self.user is not None:
            previous = read_pending_image(self.data.get("pending_image"), self.user)
            try:
                self.kept_image = services.keep_pending_image(
                    self.user, self.cleaned_image, replaces=previous
                )
            except services.TooManyPendingImages as error:
                self.add_error("image", error.message)
            self.cleaned_image = None
        if self.kept_image is not None:
            return sign_pending_image(self.kept_image)
        return ""

    @property
    def kept_image_name(self):
        return self.kept_image.file.name if self.kept_image is not None else ""


SORTS = [
    ("neu", _("Neueste")),
    ("unterstuetzt", _("Meiste Unterstützung")),
    ("kommentiert", _("Meiste Kommentare")),
    ("trend", _("Im Trend (14 Tage)")),
]


def slug_filter_field(model, label, empty_label, invalid_choice=None):
    """An optional filter that takes a topic's or district's slug (``?thema=``, ``?bezirk=``)."""
    error_messages = {"invalid_choice": invalid_choice} if invalid_choice else None
    return forms.ModelChoiceField(
        label=label,
        queryset=model.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=empty_label,
        error_messages=error_messages,
    )


def topic_filter_field(**kwargs):
    """Optional topic filter by slug, shared by the idea, pilot and open data filters."""
    return slug_filter_field(Topic, _("Thema"), _("Alle Themen"), **kwargs)


def district_filter_field(**kwargs):
    """Optional district filter by slug, shared by the idea, pilot and open data filters."""
    return slug_filter_field(District, _("Stadtbezirk"), _("Alle Bezirke"), **kwargs)


class IdeaFilterForm(forms.Form):
    q = forms.CharField(label=_("Suchbegriff"), required=False, max_length=100)
    thema = topic_filter_field()
    bezirk = district_filter_field()
    status = forms.ChoiceField(label=_("Status"), required=False)
    sortierung = forms.ChoiceField(label=_("Sortierung"), choices=SORTS, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        public = [c for c in Idea.Status.choices if c[0] not in Idea.NON_PUBLIC_STATUSES]
        self.fields["status"].choices = [("", _("Alle"))] + public
