"""Forms for writing posts and acting on members. They only shape input; the actions judge it."""

from datetime import timedelta
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from parley.posts.models import Media, Visibility

IMAGE_SLOTS = range(1, settings.PARLEY_MAX_IMAGES + 1)


class LabelledForm(forms.Form):
    """Labels without Django's trailing colon, which reads oddly before checkboxes."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class PostForm(LabelledForm):
    """Compose, reply and quote. The length limit is the domain's: a long text comes back intact."""

    text = forms.CharField(
        label=_("What do you want to say?"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 4, "data-counter": "", "data-max": settings.PARLEY_POST_MAX_CHARS}),
    )
    content_warning = forms.CharField(
        label=_("Content warning (optional)"),
        required=False,
        max_length=200,
        help_text=_("The text is hidden behind this warning until a reader opens it."),
    )
    sensitive = forms.BooleanField(label=_("Mark images as sensitive"), required=False)
    visibility = forms.ChoiceField(label=_("Who can see it"), choices=Visibility.choices, initial=Visibility.PUBLIC)

    def __init__(self, *args: object, with_images: bool = True, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.with_images = with_images
        if with_images:
            for n in IMAGE_SLOTS:
                self.fields[f"image_{n}"] = forms.FileField(
                    label=_("Image %(n)d") % {"n": n},
                    required=False,
                    widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/gif,image/webp"}),
                )
                self.fields[f"alt_{n}"] = forms.CharField(
                    label=_("Description of image %(n)d (alt text)") % {"n": n},
                    required=False,
                    max_length=1500,
                    help_text=_("Describe the image for people who cannot see it."),
                )
            self.fields["no_description"] = forms.BooleanField(
                label=_("Post the images without a description"),
                required=False,
                help_text=_("People who cannot see an image rely on its description."),
            )

    def clean(self) -> dict[str, Any]:
        """An image without a description is asked about, not posted silently."""
        cleaned = super().clean() or {}
        if not self.with_images or cleaned.get("no_description"):
            return cleaned
        missing = [n for n in IMAGE_SLOTS if cleaned.get(f"image_{n}") and not (cleaned.get(f"alt_{n}") or "").strip()]
        for n in missing:
            self.add_error(
                f"alt_{n}",
                _("Describe this image for people who cannot see it, or tick “Post the images without a description”."),
            )
        if missing:
            # A browser never sends a chosen file twice: say so, or the member loses the image.
            self.add_error(None, _("Your images need a description. Choose the images again before publishing."))
        return cleaned

    def image_slots(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        if not self.with_images:
            return []
        return [(self[f"image_{n}"], self[f"alt_{n}"]) for n in IMAGE_SLOTS]

    def images(self) -> list[tuple[UploadedFile, str]]:
        """The attached files with their descriptions, in slot order."""
        found = []
        for n in IMAGE_SLOTS if self.with_images else ():
            upload = self.cleaned_data.get(f"image_{n}")
            if upload:
                found.append((upload, self.cleaned_data.get(f"alt_{n}", "")))
        return found


class EditPostForm(LabelledForm):
    text = forms.CharField(
        label=_("Text"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 5, "data-counter": "", "data-max": settings.PARLEY_POST_MAX_CHARS}),
    )
    content_warning = forms.CharField(label=_("Content warning (optional)"), required=False, max_length=200)
    sensitive = forms.BooleanField(label=_("Mark images as sensitive"), required=False)

    def __init__(self, *args: object, media: list[Media], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.media_items = media
        for position, item in enumerate(media, start=1):
            self.fields[f"alt_{item.pk}"] = forms.CharField(
                label=_("Description of image %(n)d (alt text)") % {"n": position},
                required=False,
                max_length=1500,
                initial=item.description,
            )

    def alt_fields(self) -> list[tuple[Media, forms.BoundField]]:
        return [(item, self[f"alt_{item.pk}"]) for item in self.media_items]

    def media_descriptions(self) -> dict[int, str]:
        return {item.pk: self.cleaned_data.get(f"alt_{item.pk}", "") for item in self.media_items}


MUTE_DURATIONS: dict[str, timedelta | None] = {
    "3600": timedelta(hours=1),
    "86400": timedelta(days=1),
    "604800": timedelta(days=7),
    "forever": None,
}


class MuteForm(LabelledForm):
    duration = forms.ChoiceField(
        label=_("Mute for"),
        choices=[
            ("3600", _("1 hour")),
            ("86400", _("1 day")),
            ("604800", _("7 days")),
            ("forever", _("Until I unmute")),
        ],
        initial="forever",
    )
    hide_notifications = forms.BooleanField(label=_("Hide their notifications too"), required=False, initial=True)

    def duration_delta(self) -> timedelta | None:
        return MUTE_DURATIONS[self.cleaned_data["duration"]]
