from django.apps import AppConfig


class ClassroomsConfig(AppConfig):
    name = "jsnlearn.classrooms"
    label = "classrooms"
    verbose_name = "Classes"
