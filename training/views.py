from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def index(request):
    """The section's landing page."""
    return render(request, "training/index.html")
