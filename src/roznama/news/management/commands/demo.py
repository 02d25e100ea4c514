"""``roznama demo``: a working newsroom on http://127.0.0.1:8000 in one command."""

import os
import subprocess
import sys
import time

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.crypto import get_random_string
from tqdm import tqdm

from roznama.news.demo_loader import load_demo

DEMO_ADMIN = "admin"


class Command(BaseCommand):
    help = "Migrate, load the demo newsroom, start the worker and serve the site."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--no-serve", action="store_true", help="load the demo and stop")
        parser.add_argument("--as-of", help="run the site as of this ISO instant, e.g. 2025-03-16T12:00:00+05:00")

    def handle(self, *args, port, host, no_serve, as_of=None, **options):
        if as_of:
            from roznama.ramadan import clock

            try:
                instant = clock.parse_instant(as_of)
            except ValueError as exc:
                raise CommandError(f"--as-of: {exc}") from None
            # The server (this process) and the worker (a child) read it: one clock for both.
            os.environ["ROZNAMA_AS_OF"] = instant.isoformat()
        self.stdout.write("Preparing the database...")
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)

        bars = {}

        def progress(stage, done, total):
            bar = bars.get(stage)
            if bar is None:
                for other in bars.values():  # one bar at a time: the previous stage is over
                    other.close()
                bar = bars[stage] = tqdm(total=total, desc=f"Demo {stage}", unit="item")
            bar.n = done
            bar.refresh()

        report = load_demo(progress=progress)
        for bar in bars.values():
            bar.close()
        made = ", ".join(f"{n} {kind}" for kind, n in report.created.items()) or "nothing new (already loaded)"
        self.stdout.write(f"Demo content: {made}.")

        password = self._admin_password()
        secret, otpauth_url, recovery_code = self._admin_second_factor()
        self._site_address(host, port)
        url = f"http://{host}:{port}"
        self.stdout.write(
            self.style.SUCCESS(
                f"\nRoznama is ready.\n  Site:   {url}/\n  Urdu:   {url}/ur/\n  Admin:  {url}/admin/\n"
                f"  Login:  {DEMO_ADMIN} / {password}\n"
                f"  Second step: a code from an authenticator app set up with the key {secret}\n"
                f"               ({otpauth_url})\n"
                f"  Recovery code (works once): {recovery_code}\n"
            )
        )
        if as_of:
            self.stdout.write(f"  As of:  {os.environ['ROZNAMA_AS_OF']} (the site's clock runs on from there)\n")
        if no_serve:
            return
        if as_of:
            os.environ["ROZNAMA_AS_OF_SINCE"] = str(time.time())  # the preview clock starts now

        # The worker publishes scheduled pages and runs background tasks beside the server.
        worker = subprocess.Popen([sys.executable, "-m", "roznama.cli", "worker"])
        try:
            call_command("serve", port=port, host=host)
        finally:
            worker.terminate()
            try:
                worker.wait(timeout=10)
            except subprocess.TimeoutExpired:
                worker.kill()

    def _site_address(self, host: str, port: int) -> None:
        """Absolute links (sharing, feeds, canonical URLs) point where the demo is served."""
        from wagtail.models import Site

        # A save, not a queryset update: Wagtail clears its cached site root paths (the host
        # in every page URL) on save, and the sitemaps and feeds read the same cache.
        for site in Site.objects.filter(is_default_site=True):
            if (site.hostname, site.port) != (host, port):
                site.hostname, site.port = host, port
                site.save()

    def _admin_second_factor(self) -> tuple[str, str, str]:
        """The admin can publish, so it signs in with a second factor: a fresh key each run."""
        from roznama.accounts.services import demo_second_factor

        return demo_second_factor(get_user_model().objects.get(username=DEMO_ADMIN))

    def _admin_password(self) -> str:
        """A fresh password each run, printed once: nothing secret is kept in the repository."""
        User = get_user_model()
        password = get_random_string(14)
        user = User.objects.filter(username=DEMO_ADMIN).first()
        if user is None:
            User.objects.create_superuser(DEMO_ADMIN, "admin@example.org", password)
        else:
            user.set_password(password)
            user.save(update_fields=["password"])
        return password
