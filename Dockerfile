# One image for the web server, the consumers and the cron daemon.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=coachsite.settings.production

RUN apt-get update \
    && apt-get install -y --no-install-recommends cron curl \
    && rm -rf /var/lib/apt/lists/*

# The web server, the consumers and every cron job run as this unprivileged user. Only the
# cron daemon starts as root (docker-compose.yml's `cron` service; docker/start-cron says why).
RUN groupadd --system --gid 10001 coach \
    && useradd --system --uid 10001 --gid coach --home-dir /app --shell /usr/sbin/nologin coach

WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY . .
# The code stays root's, so the app cannot change it; collectstatic writes staticfiles/.
RUN chmod +x docker/start-* \
    && mkdir -p staticfiles \
    && chown coach:coach staticfiles

USER coach
EXPOSE 8000
CMD ["docker/start-web"]
