# The skill as a container: waitress serving the Flask app. Pair it with Redis (docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    HOST=0.0.0.0 \
    PORT=5000 \
    CONTENT_DIR=/app/content \
    DATA_DIR=/app/var

WORKDIR /app
COPY pyproject.toml README.md ./
COPY skill ./skill
RUN pip install --no-cache-dir . && useradd --create-home --uid 10001 coach && mkdir -p /app/var \
    && chown coach /app/var
COPY content ./content
COPY interaction_models ./interaction_models

USER coach
EXPOSE 5000
HEALTHCHECK --interval=30s --timeout=3s \
  CMD python -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:5000/healthz', timeout=2)" || exit 1
CMD ["python", "-m", "skill", "serve"]
