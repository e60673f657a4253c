"""The admin's import form: a zip and how to import it."""

from django import forms


class ImportForm(forms.Form):
    bundle = forms.FileField(
        label="Bundle (.zip)",
        widget=forms.FileInput(attrs={"accept": ".zip,application/zip"}),
        help_text="The course folder, zipped: course.yaml at the top, or inside one folder.",
    )
    update = forms.BooleanField(
        label="Update the existing course",
        required=False,
        help_text="Needed when a course with the bundle's slug exists. Learners keep their "
        "progress: what the bundle no longer has is unpublished if learners used it, "
        "else deleted.",
    )
    dry_run = forms.BooleanField(
        label="Check only (dry run)",
        required=False,
        help_text="Validate the bundle and report what would change, writing nothing.",
    )

    def clean_bundle(self):
        upload = self.cleaned_data["bundle"]
        if not upload.name.lower().endswith(".zip"):
            raise forms.ValidationError(
                "Choose a .zip file: “%(name)s” is not one.", params={"name": upload.name}
            )
        return upload
