# The Ringnet server image: bin/ringnet as the entrypoint, a JDK 25 runtime, a non-root user.
#
# Two ways to put the jars in, one Dockerfile:
#   docker build -t ringnet/server .
#       the default (last) stage: the jars are built inside, in stage "build" (JDK 25 + the Maven wrapper, which
#       fetches Maven and the dependencies from Maven Central). Needs the official images (Docker Hub).
#   ./mvnw -B -ntp -DskipTests package -pl server -am
#   docker build --target prebuilt --build-arg BASE_IMAGE=ringnet/jdk25-base -t ringnet/server .
#       stage "prebuilt": the jars built on the host (server/target) are copied from the build context. For machines
#       that reach no registry (our CI), with a base image built locally by ci/docker-base-image.
# The bench image (bin/ringnet bench inside a container; the server image stays server only) comes both ways too:
#   ./mvnw -B -ntp -DskipTests package -pl bench -am
#   docker build --target prebuilt-bench --build-arg BASE_IMAGE=ringnet/jdk25-base -t ringnet/bench .
#   docker build --target bench --build-arg BASE_IMAGE=eclipse-temurin:25-jdk -t ringnet/bench .
#   docker run --rm --network host --security-opt seccomp=docker/seccomp/io_uring-allowed.json \
#       -v "$PWD/report:/reports" ringnet/bench        (bench --quick --out /reports; writable by uid 10001)
# It adds wrk (when the base lacks it) and the bench's jars. Its base should be a JDK, not a JRE: the idle scenario
# asks jcmd for the server's native memory. perf is left out (it brings Perl and Python, and a container's default
# seccomp profile denies perf_event_open anyway): the report says the system calls were not measured, and why.
# The stages come in this order so that the legacy builder, which builds every stage before its target, never
# needs the build image for --target prebuilt or prebuilt-bench.
#
# BASE_IMAGE is the runtime's base: any image with a JDK 25 (or JRE) in JAVA_HOME or /usr/lib/jvm.
# BUILD_IMAGE is the build stage's: a JDK 25 (javac), with JAVA_HOME set.
ARG BASE_IMAGE=eclipse-temurin:25-jre
ARG BUILD_IMAGE=eclipse-temurin:25-jdk

FROM ${BASE_IMAGE} AS runtime-base
# fontconfig and a font: the JDK's font code needs both even for the font /caption bundles. Installed only when
# the base lacks them (the local base has them, and no network to fetch them with). The system font cache is built
# here, and the user has a home of its own: fontconfig complains on every start when it finds no cache to write.
RUN set -eux; \
    if ! command -v fc-list >/dev/null; then \
        apt-get update; \
        apt-get install -y --no-install-recommends fontconfig fonts-dejavu-core; \
        rm -rf /var/lib/apt/lists/*; \
    fi; \
    fc-cache -s; \
    useradd --system --uid 10001 --user-group --create-home --home-dir /home/ringnet --shell /usr/sbin/nologin \
        ringnet; \
    mkdir -p /opt/ringnet/bin /opt/ringnet/server/target /reports; \
    chown ringnet:ringnet /reports
COPY bin/ringnet /opt/ringnet/bin/ringnet
# In a container the server must listen on every interface to be reached (docker run -p 8080:8080).
ENV RINGNET_BIND=0.0.0.0
WORKDIR /opt/ringnet
EXPOSE 8080

FROM runtime-base AS prebuilt
COPY server/target/ringnet-server-*.jar /opt/ringnet/server/target/
COPY server/target/lib/ /opt/ringnet/server/target/lib/
USER ringnet
ENTRYPOINT ["/opt/ringnet/bin/ringnet"]
CMD ["serve"]

FROM runtime-base AS bench-tools
# wrk drives the HTTP scenarios; taskset (util-linux) is in every Debian base.
RUN set -eux; \
    if ! command -v wrk >/dev/null; then \
        apt-get update; \
        apt-get install -y --no-install-recommends wrk; \
        rm -rf /var/lib/apt/lists/*; \
    fi; \
    mkdir -p /opt/ringnet/bench/target

FROM bench-tools AS prebuilt-bench
COPY server/target/ringnet-server-*.jar /opt/ringnet/server/target/
COPY server/target/lib/ /opt/ringnet/server/target/lib/
COPY bench/target/ringnet-bench-*.jar /opt/ringnet/bench/target/
COPY bench/target/lib/ /opt/ringnet/bench/target/lib/
USER ringnet
ENTRYPOINT ["/opt/ringnet/bin/ringnet"]
CMD ["bench", "--quick", "--out", "/reports"]

FROM ${BUILD_IMAGE} AS build
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
COPY native/ native/
COPY transport/ transport/
COPY server/ server/
COPY bench/ bench/
RUN ./mvnw -B -ntp -q -DskipTests package -pl server -am

FROM build AS build-bench
RUN ./mvnw -B -ntp -q -DskipTests package -pl bench -am

FROM bench-tools AS bench
COPY --from=build-bench /src/server/target/ringnet-server-*.jar /opt/ringnet/server/target/
COPY --from=build-bench /src/server/target/lib/ /opt/ringnet/server/target/lib/
COPY --from=build-bench /src/bench/target/ringnet-bench-*.jar /opt/ringnet/bench/target/
COPY --from=build-bench /src/bench/target/lib/ /opt/ringnet/bench/target/lib/
USER ringnet
ENTRYPOINT ["/opt/ringnet/bin/ringnet"]
CMD ["bench", "--quick", "--out", "/reports"]

FROM runtime-base AS runtime
COPY --from=build /src/server/target/ringnet-server-*.jar /opt/ringnet/server/target/
COPY --from=build /src/server/target/lib/ /opt/ringnet/server/target/lib/
USER ringnet
ENTRYPOINT ["/opt/ringnet/bin/ringnet"]
CMD ["serve"]
