# Chợ OCOP image: gunicorn serving config.wsgi. The same image runs the
# one-shot migrations, the Celery worker and Celery beat (docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# DejaVu fonts carry the Vietnamese glyphs used in generated pictures and PDFs.
RUN apt-get update \
    && apt-get install -y --no-install-recommends fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY . .
RUN pip install .

# Static files are collected into the image and served by WhiteNoise. The
# settings need a database URL and a secret key to load; neither is used here
# (no connection is made), so build-only values are given.
RUN DEBUG=false SECRET_KEY=collectstatic-only DATABASE_URL=postgres://build@localhost/build \
    python manage.py collectstatic --noinput --verbosity 0

RUN useradd --create-home --uid 1000 ocop \
    && mkdir -p /app/media /app/var/private \
    && chown -R ocop:ocop /app/media /app/var
USER ocop

EXPOSE 8000
# GUNICORN_WORKERS: worker processes per container (each container is one of
# the web replicas behind the proxy).
CMD ["sh", "-c", "exec gunicorn config.wsgi:application --bind 0.0.0.0:8000 --workers ${GUNICORN_WORKERS:-3} --access-logfile - --forwarded-allow-ips '*'"]
