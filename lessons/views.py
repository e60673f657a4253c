from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe


@require_safe
def catalog(request):
    return render(request, "lessons/course_list.html")


@require_safe
@login_required
def dashboard(request):
    return render(request, "lessons/dashboard.html")
