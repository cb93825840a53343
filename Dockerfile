# Build: docker build -t sales-bot .
# Run:   docker run -d --name sales-bot --env-file .env -v sales-bot-data:/data sales-bot
FROM rust:1-slim-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked --bin sales-bot

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --home /data --shell /usr/sbin/nologin salesbot \
    && mkdir -p /data && chown salesbot /data
COPY --from=build /src/target/release/sales-bot /usr/local/bin/sales-bot
USER salesbot
WORKDIR /data
VOLUME /data
ENV DATABASE_URL=sqlite:///data/sales-bot.sqlite
# the webhook, /healthz and /metrics (WEBHOOK_LISTEN, or HEALTH_LISTEN when polling)
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/sales-bot"]
CMD ["run"]
