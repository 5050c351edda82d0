# MLP Lab as a container: build with the Maven wrapper on a JDK, run the extracted layered jar on a JRE.
#   docker build -t mlp-lab .
#   docker run --rm -p 8080:8080 -e MLP_JOBS_WORKERS=2 mlp-lab
# Every Spring property can be set from the environment (relaxed binding: mlp.jobs.workers -> MLP_JOBS_WORKERS).
# Several replicas of this image on one PostgreSQL (MLP_STORE_TYPE=postgres): docker-compose.yml.

FROM eclipse-temurin:17-jdk AS build
WORKDIR /build

# The wrapper and the POM alone: Maven and every dependency land in this layer, which is rebuilt only
# when pom.xml or .mvn/ change, not on every code change.
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
RUN ./mvnw -B -ntp dependency:go-offline

# Tests run in CI (.ci/run), not in the image build.
COPY src/ src/
RUN ./mvnw -B -ntp package -DskipTests \
 && java -Djarmode=tools -jar target/mlp-lab-*.jar extract --layers --launcher --destination extracted


FROM eclipse-temurin:17-jre

# curl for the HEALTHCHECK: the Ubuntu-based Temurin images carry it today only "for historical reasons",
# so install it explicitly (a no-op while it is there). Then an unprivileged user: no home, no shell.
RUN set -eux; \
    apt-get update; \
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends curl; \
    rm -rf /var/lib/apt/lists/*; \
    groupadd --gid 10001 mlplab; \
    useradd --uid 10001 --gid mlplab --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin mlplab

WORKDIR /app
# Least to most often changed, so that a code change replaces only the last layer.
COPY --from=build /build/extracted/dependencies/ ./
COPY --from=build /build/extracted/spring-boot-loader/ ./
COPY --from=build /build/extracted/snapshot-dependencies/ ./
COPY --from=build /build/extracted/application/ ./

# Numeric, so that runAsNonRoot-style checks can verify it without reading /etc/passwd.
USER 10001:10001

# Size the heap from the container's memory limit rather than the host's; die on OOM so the orchestrator
# restarts a clean process. The JVM reads this variable itself (it logs "Picked up JAVA_TOOL_OPTIONS");
# to add a flag, set it again with these plus yours.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75.0 -XX:InitialRAMPercentage=25.0 -XX:+ExitOnOutOfMemoryError"
# The Vector API for the matrix kernels (io.mlplab.training.kernel); without it they fall back to plain
# Java. In its own variable, read by the java launcher only, so that setting JAVA_TOOL_OPTIONS again as
# above keeps it.
ENV JDK_JAVA_OPTIONS="--add-modules jdk.incubator.vector"

EXPOSE 8080

# Readiness, not liveness: it is DOWN while the application starts and once it begins shutting down.
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
    CMD curl -fsS -o /dev/null "http://127.0.0.1:${SERVER_PORT:-8080}/actuator/health/readiness" || exit 1

# Exec form: java is PID 1 and gets SIGTERM itself (graceful shutdown). Arguments after the image name
# are passed to the application, e.g. `docker run mlp-lab --mlp.jobs.workers=4`.
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
