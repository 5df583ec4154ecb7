# Cartable — production image: gunicorn (web), Celery worker and beat all run from it.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PYTHONPATH=/app \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production

WORKDIR /app

# Dependencies first (pyproject.toml declares no package: `pip install .` installs only them),
# so a code change does not reinstall everything. psycopg2-binary ships its own libpq.
COPY pyproject.toml README.md ./
RUN pip install .

COPY . .

# Unprivileged user; var/ holds collected static files and uploads (mounted as volumes, which
# inherit this ownership on first use).
RUN useradd --system --uid 1000 --gid 0 --home-dir /app --no-create-home cartable \
    && mkdir -p /app/var/static /app/var/media \
    && chown -R cartable:0 /app/var
USER cartable

EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application"]
