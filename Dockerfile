# Causality: one image for the collector and the warehouse sink (COLLECTOR_ENABLED / SINK_ENABLED).
#   docker build -t causality .        (docker-compose.yml builds it as causality:local)

FROM maven:3.9.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
COPY proto proto
COPY src src
# the Maven repository is cached between builds (a BuildKit cache mount: Compose v2 builds with BuildKit)
RUN --mount=type=cache,target=/root/.m2 mvn -B -ntp -DskipTests package

FROM eclipse-temurin:17.0.15_6-jre-noble
# curl for the health check (the base image has it today; install it if it ever goes)
RUN command -v curl >/dev/null || { apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*; }
RUN useradd --system --uid 10001 --user-group --create-home --home-dir /var/lib/causality \
            --shell /usr/sbin/nologin causality
COPY --from=build /src/target/causality.jar /opt/causality/causality.jar

USER causality
# the working directory holds .causality/ (the local lake, used only when S3_ENDPOINT is empty)
WORKDIR /var/lib/causality
ENV HTTP_ADDR=:8080 \
    JAVA_OPTS="-XX:MaxRAMPercentage=75"
EXPOSE 8080
# /ready: 200 while NATS is connected and JetStream answers
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD curl -fsS -o /dev/null http://127.0.0.1:8080/ready || exit 1
# exec: java is PID 1 and gets SIGTERM (requests in flight finish, open batches are written)
# arguments are passed on: `docker compose run --rm causality-sink dlq replay --dry-run`
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /opt/causality/causality.jar \"$@\"", "causality"]
