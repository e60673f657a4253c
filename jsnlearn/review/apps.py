from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "jsnlearn.review"
    label = "review"
    verbose_name = "Review"
