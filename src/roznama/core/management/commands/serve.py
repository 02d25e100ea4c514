"""``roznama serve``: the site on http://127.0.0.1:8000 (``--port`` changes it)."""

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve the site (development server, static and media files included)."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")

    def handle(self, *args, port, host, **options):
        call_command("runserver", f"{host}:{port}", use_reloader=False, insecure_serving=True)
