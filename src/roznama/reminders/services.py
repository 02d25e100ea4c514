"""What the reminders do, as plain functions: subscribe, plan each group's day, send what is
due, unsubscribe, and the counts the admin shows."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from datetime import timezone as dt_timezone

from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

import miqat
from miqat import places as miqat_places
from miqat.errors import MiqatError
from miqat.methods import get_method

from . import push
from .models import KIND_LABELS, KINDS, DueReminder, PlaceGroup, PushSubscription

logger = logging.getLogger(__name__)

FIQHS = ("hanafi", "jafria")
# A reminder found later than this after its minute is not sent: "iftar now" an hour late
# helps nobody.  It is marked missed (and logged), not dropped silently.
GRACE = timedelta(minutes=10)
# Push services keep an undelivered reminder this long (the phone may be offline briefly).
TTL_SECONDS = 900
PLAN_DAYS = 2  # today and tomorrow, in the place's own time
BATCH = 5000  # subscriptions read from the database, then sent, at a time


class BadInput(ValueError):
    """A subscription request a reader's browser got wrong; the message says what."""


# --- checking what a reader sends --------------------------------------------------------


def check_place(code: str | None):
    text = (code or "").strip()
    if not text:
        raise BadInput("place is required: a place code such as LHR or AE-DUB")
    try:
        return miqat_places.get(text)
    except MiqatError:
        pass
    try:
        return miqat_places.resolve(text)
    except MiqatError as exc:
        raise BadInput(f"place: {exc}") from None


def check_fiqh(value: str | None) -> str:
    key = (value or "hanafi").strip().lower()
    if key not in FIQHS:
        raise BadInput(f"fiqh must be hanafi or jafria, not {value!r}")
    return key


def check_method(value: str | None) -> str:
    if not value or not str(value).strip() or value == "auto":
        return ""
    try:
        return get_method(str(value).strip()).key
    except MiqatError as exc:
        raise BadInput(f"method: {exc}") from None


def check_time(value, name: str):
    if value in (None, ""):
        return None
    try:
        return time.fromisoformat(str(value))
    except ValueError:
        raise BadInput(f"{name} must be a time such as 22:30, not {value!r}") from None


def _b64url(value, name: str, size: int) -> str:
    import base64

    text = str(value or "").strip()
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (ValueError, TypeError):
        raise BadInput(f"keys.{name} is not base64url") from None
    if len(raw) != size:
        raise BadInput(f"keys.{name} must be {size} bytes, not {len(raw)}")
    return text.rstrip("=")


@dataclass
class Choice:
    place: object
    fiqh: str
    method: str
    kinds: list
    quiet_start: time | None
    quiet_end: time | None
    language: str


def check_choice(data: dict) -> Choice:
    kinds = data.get("reminders")
    if not isinstance(kinds, list) or not kinds:
        raise BadInput("reminders must list at least one of " + ", ".join(KINDS))
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        raise BadInput(f"unknown reminders {unknown}: choose from {', '.join(KINDS)}")
    quiet_start = check_time(data.get("quiet_start"), "quiet_start")
    quiet_end = check_time(data.get("quiet_end"), "quiet_end")
    if (quiet_start is None) != (quiet_end is None):
        raise BadInput("quiet hours need both a start and an end")
    language = data.get("language") or "en"
    if language not in ("en", "ur"):
        raise BadInput(f"language must be en or ur, not {language!r}")
    return Choice(
        check_place(data.get("place")),
        check_fiqh(data.get("fiqh")),
        check_method(data.get("method")),
        kinds,
        quiet_start,
        quiet_end,
        language,
    )


# --- subscribing -------------------------------------------------------------------------


def group_for(place, fiqh: str, method: str) -> PlaceGroup:
    group, _ = PlaceGroup.objects.get_or_create(place_code=place.code, fiqh=fiqh, method=method)
    return group


def subscribe(data: dict, now: datetime | None = None) -> PushSubscription:
    """Store (or update) a browser's subscription: ``data`` is the JSON the opt-in page posts,
    ``{"subscription": PushSubscription.toJSON(), "place": "LHR", "fiqh": ..., ...}``."""
    if not isinstance(data, dict):
        raise BadInput("expected a JSON object")
    sub = data.get("subscription")
    if not isinstance(sub, dict) or not isinstance(sub.get("keys"), dict):
        raise BadInput("subscription must be the browser's PushSubscription (endpoint and keys)")
    endpoint = str(sub.get("endpoint") or "")
    if not endpoint.startswith(("https://", "http://")) or len(endpoint) > 2000:
        raise BadInput("subscription.endpoint must be the push service's URL")
    p256dh = _b64url(sub["keys"].get("p256dh"), "p256dh", 65)
    auth = _b64url(sub["keys"].get("auth"), "auth", 16)
    choice = check_choice(data)
    with transaction.atomic():
        group = group_for(choice.place, choice.fiqh, choice.method)
        row = PushSubscription.objects.filter(endpoint_hash=push_digest(endpoint)).first() or PushSubscription(
            endpoint=endpoint
        )
        row.group, row.p256dh, row.auth, row.language = group, p256dh, auth, choice.language
        for kind in KINDS:
            setattr(row, kind, kind in choice.kinds)
        row.quiet_start, row.quiet_end = choice.quiet_start, choice.quiet_end
        row.save()
    plan_group(group, now)
    return row


def push_digest(endpoint: str) -> str:
    from .models import endpoint_digest

    return endpoint_digest(endpoint)


def unsubscribe(token: str) -> bool:
    deleted, _ = PushSubscription.objects.filter(token=token).delete()
    return bool(deleted)


# --- planning: each group's reminders, computed once for all its readers ----------------


def times_for(group: PlaceGroup, day: date) -> dict[str, datetime]:
    """The minute of each reminder at the group's place on ``day`` (as the site shows them)."""
    place = miqat_places.get(group.place_code)
    convention = {"method": group.method} if group.method else None
    fasting = miqat.fasting_times(place, day, fiqh=group.fiqh, convention=convention)
    method = group.method or ("jafari" if group.fiqh == "jafria" else "auto")
    prayers = miqat.times(place, day, method=method, asr="shafi" if group.fiqh == "jafria" else "hanafi").rounded
    found = {"sehri": fasting.sehri_end, "iftar": fasting.iftar}
    found.update({kind: getattr(prayers, kind) for kind in ("fajr", "dhuhr", "asr", "maghrib", "isha")})
    return {kind: moment.replace(second=0, microsecond=0) for kind, moment in found.items()}


def plan_group(group: PlaceGroup, now: datetime | None = None) -> int:
    """Write the group's reminders for today and tomorrow (its place's days); returns how many
    were new.  Idempotent: rows already there are kept, with their sending records."""
    now = now or timezone.now()
    place = miqat_places.get(group.place_code)
    today = now.astimezone(place.tz).date()
    last = today + timedelta(days=PLAN_DAYS - 1)
    if group.planned_until and group.planned_until >= last:
        return 0
    rows = []
    for offset in range(PLAN_DAYS):
        day = today + timedelta(days=offset)
        try:
            moments = times_for(group, day)
        except MiqatError as exc:  # a polar day: no such time there; said, not hidden
            logger.warning("no reminders for %s on %s: %s", group, day, exc)
            continue
        rows += [DueReminder(group=group, kind=kind, day=day, due_at=moment) for kind, moment in moments.items()]
    created = DueReminder.objects.bulk_create(rows, ignore_conflicts=True)
    PlaceGroup.objects.filter(pk=group.pk).update(planned_until=last)
    group.planned_until = last
    return len(created)


def plan_all(now: datetime | None = None) -> int:
    now = now or timezone.now()
    horizon = now.date() + timedelta(days=PLAN_DAYS - 2)
    groups = PlaceGroup.objects.filter(
        Q(planned_until__isnull=True) | Q(planned_until__lte=horizon + timedelta(days=1))
    )
    return sum(plan_group(group, now) for group in groups.filter(subscriptions__isnull=False).distinct())


# --- sending -----------------------------------------------------------------------------


def in_quiet_hours(moment_local: time, start: time | None, end: time | None) -> bool:
    """Whether a local time falls in [start, end); a span past midnight (22:00-06:00) wraps."""
    if start is None or end is None or start == end:
        return False
    if start < end:
        return start <= moment_local < end
    return moment_local >= start or moment_local < end


def payload_template(due: DueReminder, language: str, base_url: str) -> dict:
    """What a reminder says in one language; only the unsubscribe link differs per reader."""
    place = miqat_places.get(due.group.place_code)
    local = due.due_at.astimezone(place.tz)
    with translation.override(language):
        name = (place.name_ur or place.name) if language == "ur" else place.name
        clock = local.strftime("%H:%M")
        if language == "ur":
            from miqat.calendars.names import URDU_DIGITS

            clock = clock.translate(URDU_DIGITS)
        label = str(KIND_LABELS[due.kind])
        if due.kind == "sehri":
            title = _("Sehri ends now")
        elif due.kind == "iftar":
            title = _("Iftar time")
        else:
            title = _("Time for %(prayer)s") % {"prayer": label}
        body = _("%(what)s in %(place)s: %(time)s") % {"what": label, "place": name, "time": clock}
        data = {
            "title": str(title),
            "body": str(body),
            "kind": due.kind,
            "due": due.due_at.isoformat(),
            "lang": language,
            "tag": f"{due.kind}-{due.day.isoformat()}",
            "url": f"{base_url}{reverse('reminders:optin')}?place={place.code}",  # /ur/... under Urdu
            "unsubscribe_label": str(_("Stop these reminders")),
        }
    return data


def unsubscribe_url(base_url: str, token: str) -> str:
    return f"{base_url}{reverse('reminders:unsubscribe', args=[token])}"


def payload(template: dict, base_url: str, token: str) -> bytes:
    return json.dumps({**template, "unsubscribe": unsubscribe_url(base_url, token)}, ensure_ascii=False).encode()


def base_url() -> str:
    from django.conf import settings

    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def claim_due(now: datetime) -> list[DueReminder]:
    """The reminders whose minute has come, each claimed by exactly one sender (a conditional
    update: two workers never send the same reminder twice)."""
    claimed = []
    candidates = DueReminder.objects.filter(started_at__isnull=True, due_at__lte=now).select_related("group")
    for due in candidates.order_by("due_at"):
        late = now - due.due_at > GRACE
        if DueReminder.objects.filter(pk=due.pk, started_at__isnull=True).update(started_at=now, missed=late) != 1:
            continue
        due.started_at, due.missed = now, late
        if late:
            logger.warning(
                "reminder %s %s for %s was found %s after its minute: not sent",
                due.kind,
                due.day,
                due.group,
                now - due.due_at,
            )
            DueReminder.objects.filter(pk=due.pk).update(finished_at=now)
            continue
        claimed.append(due)
    return claimed


def recipients(due: DueReminder):
    return PushSubscription.objects.filter(group_id=due.group_id, **{due.kind: True}).only(
        "id", "endpoint", "p256dh", "auth", "language", "token", "quiet_start", "quiet_end"
    )


def send_reminder(due: DueReminder, *, concurrency: int | None = None) -> push.Outcome:
    """Send one due reminder to every subscription of its group that asked for it."""
    place = miqat_places.get(due.group.place_code)
    local_time = due.due_at.astimezone(place.tz).time()
    url = base_url()
    templates = {lang: payload_template(due, lang, url) for lang in ("en", "ur")}
    quiet = 0

    with push.Sender(ttl=TTL_SECONDS, concurrency=concurrency) as sender:
        batch = []
        for sub in recipients(due).iterator(chunk_size=BATCH):
            if in_quiet_hours(local_time, sub.quiet_start, sub.quiet_end):
                quiet += 1
                continue
            batch.append(
                push.Message(
                    sub.pk, sub.endpoint, sub.p256dh, sub.auth, payload(templates[sub.language], url, sub.token)
                )
            )
            if len(batch) >= BATCH:
                sender.send(batch)
                batch = []
        if batch:
            sender.send(batch)
    outcome = sender.outcome
    if outcome.gone:
        for start in range(0, len(outcome.gone), 500):
            PushSubscription.objects.filter(pk__in=outcome.gone[start : start + 500]).delete()
        logger.info("removed %d expired subscriptions (404/410 from the push service)", len(outcome.gone))
    for key, reason in outcome.failed[:20]:
        logger.warning("reminder %s %s to subscription %s failed: %s", due.kind, due.day, key, reason)
    if len(outcome.failed) > 20:
        logger.warning("... and %d more failures of the same reminder", len(outcome.failed) - 20)
    finished = timezone.now()
    delay = (
        (datetime.fromtimestamp(outcome.last_delivered_at, dt_timezone.utc) - due.due_at).total_seconds()
        if outcome.last_delivered_at
        else None
    )
    DueReminder.objects.filter(pk=due.pk).update(
        finished_at=finished,
        sent=len(outcome.delivered),
        failed=len(outcome.failed),
        removed=len(outcome.gone),
        quiet=quiet,
        last_delivery_delay=delay,
    )
    for start in range(0, len(outcome.delivered), 5000):
        PushSubscription.objects.filter(pk__in=outcome.delivered[start : start + 5000]).update(last_sent_at=finished)
    return outcome


def send_due(now: datetime | None = None) -> list[DueReminder]:
    """The scheduler's job: plan what is missing, then send every reminder whose minute came."""
    now = now or timezone.now()
    plan_all(now)
    sent = []
    for due in claim_due(now):
        send_reminder(due)
        sent.append(due)
    return sent


# --- what the admin shows ----------------------------------------------------------------


def counts_per_place() -> list[dict]:
    """Push subscriptions and confirmed morning e-mails per place, the most subscribed first."""
    from .models import EmailSubscription

    push_counts = dict(PushSubscription.objects.values_list("group__place_code").annotate(total=Count("id")))
    mail_counts = dict(
        EmailSubscription.objects.filter(confirmed_at__isnull=False)
        .values_list("place_code")
        .annotate(total=Count("id"))
    )
    found = []
    for code in set(push_counts) | set(mail_counts):
        try:
            name = miqat_places.get(code).name
        except MiqatError:
            name = code
        found.append({"code": code, "name": name, "total": push_counts.get(code, 0), "email": mail_counts.get(code, 0)})
    return sorted(found, key=lambda row: (-row["total"], -row["email"], row["code"]))


def last_sends(limit: int = 30) -> list[DueReminder]:
    return list(
        DueReminder.objects.filter(finished_at__isnull=False)
        .select_related("group")
        .order_by("-due_at", "group__place_code")[:limit]
    )


def admin_report() -> dict:
    sends = last_sends()
    places = counts_per_place()
    return {
        "places": places,
        "total": PushSubscription.objects.count(),
        "email_total": sum(row["email"] for row in places),
        "sends": [
            {
                "due": due,
                "place": due.group.place_code,
                "kind": KIND_LABELS[due.kind],
                "start_delay": due.start_delay,
                "last_delay": due.last_delivery_delay,
                "on_time": due.last_delivery_delay is not None and due.last_delivery_delay <= 30,
            }
            for due in sends
        ],
    }
