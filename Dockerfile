# The skill as a container: gunicorn (skill/gunicorn_conf.py) serving the Flask app, as a non-root
# user. Pair it with Redis (docker-compose.yml) and put an HTTPS reverse proxy in front.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    HOST=0.0.0.0 \
    PORT=5000 \
    WEB_CONCURRENCY=2 \
    WEB_THREADS=4 \
    CONTENT_DIR=/app/content \
    DATA_DIR=/app/var

WORKDIR /app
COPY pyproject.toml README.md ./
COPY skill ./skill
# Bytecode compiled once here (pip does so for site-packages): gunicorn puts the working directory
# on sys.path, so ./skill may be what it imports, and neither PYTHONDONTWRITEBYTECODE nor the
# non-root user lets it keep bytecode, so it would compile again at every start.
RUN pip install --no-cache-dir . && python -m compileall -q skill \
    && useradd --create-home --uid 10001 coach && mkdir -p /app/var && chown coach /app/var
COPY content ./content
COPY skill-package/interactionModels ./skill-package/interactionModels

USER coach
EXPOSE 5000
# Ready means Redis answers and the routines are loaded (GET /readyz).
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s --retries=3 \
  CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/readyz' % os.environ.get('PORT', '5000'), timeout=2)"]
CMD ["gunicorn", "--config", "python:skill.gunicorn_conf"]
