# Genk Village: one image for the web process (gunicorn), the Celery worker and Celery beat.
# docker-compose.yml shows how they run together; see README.md, "Running in production".

# Stage 1: the source tree without what must never reach the image (local virtualenv, SQLite
# database, .env with secrets, VCS data, caches). Only files copied from here end up in the image.
FROM python:3.11-slim AS source
WORKDIR /src
COPY . .
RUN rm -rf .venv .env .git .ci db.sqlite3 media staticfiles build bench tests test-results \
        .pytest_cache .ruff_cache ./*.egg-info \
    && find . -name __pycache__ -type d -prune -exec rm -rf {} +

# Stage 2: the runtime image.
FROM python:3.11-slim

# PYTHONPATH=/app: run from the source tree, not from the copy pip puts in site-packages.
# Settings derive BASE_DIR (templates/, static/, locale/) from their own path, and `celery -A`
# imports later modules from sys.path, which does not contain the working directory.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONPATH=/app

WORKDIR /app

# A fixed, unprivileged user; the processes never run as root.
RUN groupadd --system --gid 1000 app \
    && useradd --system --uid 1000 --gid app --home-dir /app --no-create-home --shell /usr/sbin/nologin app

COPY --from=source /src/ /app/

# psycopg2-binary and Pillow ship wheels with their C libraries, so no apt packages are needed.
RUN pip install -c requirements.lock . \
    && rm -rf build ./*.egg-info

# Static files are collected once, at build, for whitenoise (CompressedManifestStaticFilesStorage
# when DEBUG=0). Settings refuse to load with DEBUG=0 without SECRET_KEY and ALLOWED_HOSTS, so
# this step gets build-only dummy values inline; they are not stored in the image.
# The translation catalogues (locale/*/LC_MESSAGES/*.po) are compiled here too: .mo files are never committed.
RUN DEBUG=0 \
    SECRET_KEY=build-only-collectstatic-key-never-used-at-runtime-0000 \
    ALLOWED_HOSTS=build.invalid \
    sh -c "python manage.py compile_catalogues && python manage.py collectstatic --noinput"

# Uploaded files (coach photos) live on a volume mounted here; the directory is created with the
# app user as owner so a fresh named volume inherits that ownership.
RUN mkdir -p /app/media && chown app:app /app/media

USER app

EXPOSE 8000

# docker-compose.yml overrides this to run migrations first.
CMD ["gunicorn", "genk_village.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60", "--access-logfile", "-"]
