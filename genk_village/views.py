import redis
from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .permissions import public


@public
@require_GET
@never_cache
def healthz(request):
    """Liveness for load balancers and monitoring: database and broker, 503 when one is down."""
    database = "ok"
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # any failure means "down"; the probe reports it instead of raising
        database = "error"
    broker = "eager"
    if not settings.CELERY_TASK_ALWAYS_EAGER:
        try:
            redis.Redis.from_url(
                settings.CELERY_BROKER_URL, socket_timeout=1, socket_connect_timeout=1
            ).ping()
            broker = "ok"
        except redis.RedisError:
            broker = "error"
    healthy = database == "ok" and broker != "error"
    return JsonResponse(
        {"status": "ok" if healthy else "error", "database": database, "broker": broker},
        status=200 if healthy else 503,
    )


PLACES = [
    # (role flag, URL name): the order is the order of the buttons for someone with several roles
    ("is_coordinator", "admin:index"),
    ("is_coach", "coaches:home"),
    ("is_supporter", "challenges:board"),
    ("is_steering", "monitoring:dashboard"),
    ("is_referrer", "families:referral_list"),
    ("is_captain", "monitoring:dashboard"),
]


@public
def home(request):
    """Send each person to their own place; show the choices to someone holding several roles."""
    user = request.user
    if not user.is_authenticated:
        return redirect("account_login")
    places = list(
        dict.fromkeys(  # a steering member who is also a captain has one dashboard
            url
            for flag, url in PLACES
            if getattr(user, flag, False) or (user.is_superuser and url == "admin:index")
        )
    )
    if len(places) == 1:
        return redirect(places[0])
    return render(request, "home.html", {"places": places})
