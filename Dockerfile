# Production image: gunicorn (web), Celery worker and beat all run from it (docker-compose.yml).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      gcc libpq-dev libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml ./
COPY . .
RUN pip install ".[postgres]" \
 && useradd --system --home /app isms \
 && mkdir -p /app/media /app/staticfiles && chown -R isms /app/media /app/staticfiles
RUN DEBUG=false SECRET_KEY=build-only-collectstatic-key-not-used-at-runtime-000000 \
    python manage.py collectstatic --noinput

USER isms
EXPOSE 8000
CMD ["gunicorn", "isms.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
